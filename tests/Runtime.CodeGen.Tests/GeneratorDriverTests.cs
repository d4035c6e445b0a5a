using Microsoft.CodeAnalysis;

namespace OrleansAuth.Runtime.CodeGen.Tests;

public sealed class GeneratorDriverTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using OrleansAuth.Runtime;

        namespace Sample;

        """;

    [Theory]
    [InlineData("ValueTask<int> Bad();", "OAG001")]
    [InlineData("int Bad();", "OAG001")]
    [InlineData("void Bad();", "OAG001")]
    [InlineData("Task<T> Bad<T>(T value);", "OAG002")]
    [InlineData("Task Bad(ref int value);", "OAG003")]
    [InlineData("Task Bad(out int value);", "OAG003")]
    [InlineData("Task Bad(in int value);", "OAG003")]
    [InlineData("Task Bad(ReadOnlySpan<int> value);", "OAG003")]
    [InlineData("Task Bad(CancellationToken first, CancellationToken second);", "OAG004")]
    [InlineData("Task Bad(CancellationToken cancellationToken, int value);", "OAG004")]
    [InlineData("int Bad { get; }", "OAG005")]
    [InlineData("event EventHandler Bad;", "OAG005")]
    [InlineData("[ResponseTimeout(\"soon\")] Task Bad();", "OAG007")]
    public void Run_InvalidMember_ReportsErrorAtMemberAndGeneratesNothing(string member, string expectedId)
    {
        var result = GeneratorHarness.Run(Usings + $$"""
            public interface IBrokenGrain : IGrainWithStringKey
            {
                Task<int> FineAsync(int value);

                {{member}}
            }
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(expectedId, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Bad", result.TextAt(diagnostic));
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Run_Indexer_ReportsOag005AtIndexer()
    {
        var result = GeneratorHarness.Run(Usings + """
            public interface IBrokenGrain : IGrainWithStringKey
            {
                int this[int index] { get; }
            }
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("OAG005", diagnostic.Id);
        Assert.Equal("this", result.TextAt(diagnostic));
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Run_GenericGrainInterface_ReportsOag002AtInterface()
    {
        var result = GeneratorHarness.Run(Usings + """
            public interface IBoxGrain<T> : IGrainWithStringKey
            {
                Task<T> GetAsync();
            }
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("OAG002", diagnostic.Id);
        Assert.Equal("IBoxGrain", result.TextAt(diagnostic));
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Run_PrivateNestedInterface_ReportsOag006AtInterface()
    {
        var result = GeneratorHarness.Run(Usings + """
            public class Host
            {
                private interface IHiddenGrain : IGrainWithStringKey
                {
                    Task PingAsync();
                }
            }
            """);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("OAG006", diagnostic.Id);
        Assert.Equal("IHiddenGrain", result.TextAt(diagnostic));
        Assert.Empty(result.GeneratedSources);
    }

    [Fact]
    public void Run_InvalidInheritedMember_ReportsOnBaseMemberAndOnDerivedInterface()
    {
        var result = GeneratorHarness.Run(Usings + """
            public interface IBaseGrain : IGrainWithStringKey
            {
                int Bad();
            }

            public interface IDerivedGrain : IBaseGrain
            {
                Task FineAsync();
            }

            public interface IGoodGrain : IGrainWithStringKey
            {
                Task FineAsync();
            }
            """);

        Assert.Equal(2, result.GeneratorDiagnostics.Length);
        Assert.All(result.GeneratorDiagnostics, d => Assert.Equal("OAG001", d.Id));
        Assert.Equal(["Bad", "IDerivedGrain"], result.GeneratorDiagnostics.Select(result.TextAt).Order());
        Assert.Contains("IBaseGrain.Bad", result.GeneratorDiagnostics.Single(d => result.TextAt(d) == "IDerivedGrain").GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(["Sample.IGoodGrain.g.cs"], result.GeneratedSources.Select(s => s.HintName));
    }

    [Fact]
    public void Run_ValidInterfaces_ReportNoDiagnosticsAndOutputCompilesWithoutWarnings()
    {
        var result = GeneratorHarness.Run(Usings + """
            public sealed record Item(string Name);

            public interface IAuditLog
            {
                Task AppendAsync(string entry);
            }

            public interface INamedGrain : IGrainWithStringKey
            {
                [ReadOnly]
                Task<string?> GetNameAsync();
            }

            [GrainType("store")]
            public partial interface IInventoryGrain : INamedGrain, IAuditLog
            {
                [AlwaysInterleave, ResponseTimeout("00:00:30")]
                Task<IReadOnlyList<Item>> ListAsync(string? filter = null, CancellationToken cancellationToken = default);

                Task AddAsync(Item item);

                Task AddAsync(Item item, int count, CancellationToken cancellationToken);

                Task<(int Total, string @class)> SumAsync(int @class, params int[] values);

                new Task<string?> GetNameAsync();
            }

            public partial interface IInventoryGrain
            {
                Task<Dictionary<string, List<int?>>> MapAsync(Dictionary<string, List<int?>>? seed);
            }

            public static class Outer
            {
                internal interface IInnerGrain : IGrainWithStringKey
                {
                    Task<Guid> NextAsync(Guid after, CancellationToken cancellationToken);
                }
            }
            """);

        Assert.Empty(result.InputDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Equal(
            ["Sample.IInventoryGrain.g.cs", "Sample.INamedGrain.g.cs", "Sample.Outer.IInnerGrain.g.cs"],
            result.GeneratedSources.Select(s => s.HintName).Order());
        Assert.Empty(result.OutputDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));

        var inventory = result.GeneratedText("Sample.IInventoryGrain.g.cs");
        Assert.StartsWith("// <auto-generated/>", inventory);
        Assert.Contains("#nullable enable", inventory);
        Assert.Contains("internal sealed class InventoryGrainReference : global::OrleansAuth.Runtime.GrainReference, global::Sample.IInventoryGrain", inventory);
        Assert.Contains("Register<global::Sample.IInventoryGrain>(\"store\",", inventory);
        Assert.Contains("internal sealed class IInventoryGrain_AddAsync_Request ", inventory);
        Assert.Contains("internal sealed class IInventoryGrain_AddAsync_1_Request ", inventory);
        Assert.Contains(
            "new global::OrleansAuth.Runtime.GrainMethodDescriptor(\"store\", \"IInventoryGrain\", \"ListAsync\", global::OrleansAuth.Runtime.GrainMethodOptions.AlwaysInterleave, global::System.TimeSpan.FromTicks(300000000L),",
            inventory);
        Assert.Contains("internal sealed class Outer_IInnerGrain_NextAsync_Request", result.GeneratedText("Sample.Outer.IInnerGrain.g.cs"));
    }

    [Theory]
    [InlineData("IUserGrain", "user")]
    [InlineData("ICounterGrain", "counter")]
    [InlineData("IIdentityGrain", "identity")]
    [InlineData("IceCreamGrain", "icecream")]
    [InlineData("IPlayerGrainV2", "playergrainv2")]
    [InlineData("ILedger", "ledger")]
    public void Run_InterfaceWithoutGrainType_DerivesGrainTypeName(string interfaceName, string expected)
    {
        var result = GeneratorHarness.Run(Usings + $$"""
            public interface {{interfaceName}} : IGrainWithStringKey
            {
                Task PingAsync();
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        var text = result.GeneratedText($"Sample.{interfaceName}.g.cs");
        Assert.Contains($"Register<global::Sample.{interfaceName}>(\"{expected}\",", text);
        Assert.Contains($"GrainMethodDescriptor(\"{expected}\", \"{interfaceName}\", \"PingAsync\"", text);
    }

    [Fact]
    public void Run_InterfacesThatAreNotGrains_GenerateNothing()
    {
        var result = GeneratorHarness.Run(Usings + """
            public interface IPlain : IDisposable
            {
                Task PingAsync();
            }

            public interface IMarkerOnly : IGrain
            {
                Task PingAsync();
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Empty(result.GeneratedSources);
    }
}
