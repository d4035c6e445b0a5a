using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OrleansAuth.Runtime.CodeGen.Tests;

/// <summary>Runs <see cref="GrainReferenceGenerator"/> over source text with <see cref="CSharpGeneratorDriver"/>.</summary>
internal static class GeneratorHarness
{
    public const string SourcePath = "Grains.cs";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly ImmutableArray<MetadataReference> References = LoadReferences();

    public static GeneratorResult Run(string source)
    {
        var compilation = CSharpCompilation.Create(
            "GeneratorTestAssembly",
            [CSharpSyntaxTree.ParseText(source, ParseOptions, SourcePath)],
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        GeneratorDriver driver = CSharpGeneratorDriver.Create([new GrainReferenceGenerator().AsSourceGenerator()], parseOptions: ParseOptions);
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
        var run = driver.GetRunResult();
        return new GeneratorResult(
            source,
            generatorDiagnostics,
            run.Results.Single().GeneratedSources,
            compilation.GetDiagnostics(),
            output.GetDiagnostics());
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        var platform = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path =>
            {
                var name = Path.GetFileName(path);
                return name.StartsWith("System.", StringComparison.Ordinal) || name is "System.dll" or "netstandard.dll" or "mscorlib.dll";
            });

        return [.. platform.Append(typeof(IGrain).Assembly.Location).Distinct().Select(path => MetadataReference.CreateFromFile(path))];
    }
}

internal sealed record GeneratorResult(
    string Source,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<GeneratedSourceResult> GeneratedSources,
    ImmutableArray<Diagnostic> InputDiagnostics,
    ImmutableArray<Diagnostic> OutputDiagnostics)
{
    /// <summary>The source text a diagnostic points at.</summary>
    public string TextAt(Diagnostic diagnostic)
    {
        Assert.Equal(GeneratorHarness.SourcePath, diagnostic.Location.GetLineSpan().Path);
        var span = diagnostic.Location.SourceSpan;
        return Source.Substring(span.Start, span.Length);
    }

    public string GeneratedText(string hintName)
        => GeneratedSources.Single(s => s.HintName == hintName).SourceText.ToString();
}
