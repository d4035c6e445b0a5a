using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Cluster;

/// <summary>
/// Lockout cannot be out-run: a 3-silo cluster (real Orleans silos, real TCP between them, PostgreSQL membership) behind two API nodes in
/// client mode, and 100 parallel wrong-password logins spread over both nodes and over direct grain calls entering
/// at every silo, each spelling the email differently (case, full-width letters, decomposed Unicode, the IDNA
/// A-label of the domain, white space). Every spelling reaches the one grain, so exactly MaxFailures attempts see
/// INVALID_CREDENTIALS, every other one ACCOUNT_LOCKED, and the account locks once.
/// </summary>
public sealed class LockoutBypassTests(PostgresDatabaseFixture fixture) : IClassFixture<PostgresDatabaseFixture>, IAsyncLifetime
{
    private const int MaxFailures = 5;
    private const int Attempts = 100;
    private const string WrongPassword = "Wrong-Password-1";

    private ClientModeCluster _topology = null!;

    private IReadOnlyList<IHost> Silos => _topology.Silos;

    private IReadOnlyList<(ApiHost Host, AuthApi Api)> Nodes => _topology.Nodes;

    public async Task InitializeAsync() => _topology = await ClientModeCluster.StartAsync(
        fixture, silos: 3, apiNodes: 2, new Dictionary<string, string?> { ["Auth:Lockout:MaxFailures"] = MaxFailures.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public async Task DisposeAsync() => await _topology.DisposeAsync();

    [Fact]
    public async Task Login_ParallelSpellingVariantsOverTwoApiNodesAndThreeSilos_LocksAtExactlyMaxFailures()
    {
        var local = $"lock-{Guid.NewGuid():N}";
        var email = $"{local}@bücher.example";
        await Nodes[0].Api.RegisterAsync(email);
        var variants = Variants(local);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, Attempts).Select(i =>
        {
            var spelling = variants[i % variants.Length];
            return (i % 3) switch
            {
                2 => ViaSiloAsync(Silos[i % Silos.Count], spelling),
                var node => ViaApiAsync(Nodes[node].Api, spelling),
            };
        }));

        Assert.Equal(MaxFailures, outcomes.Count(outcome => outcome == "INVALID_CREDENTIALS"));
        Assert.Equal(Attempts - MaxFailures, outcomes.Count(outcome => outcome == "ACCOUNT_LOCKED"));
        Assert.Equal("ACCOUNT_LOCKED", await ViaApiAsync(Nodes[1].Api, email, AuthApi.Password));
        Assert.Single(await EventLog.ReadAsync(Nodes[0].Host, email), e => e.Type == "user.locked_out");
    }

    [Theory]
    [InlineData("trailing dot after the domain")]
    [InlineData("zero-width space in the local part")]
    [InlineData("soft hyphen in the domain")]
    [InlineData("right-to-left override")]
    [InlineData("two at signs")]
    public async Task Login_SpellingThatIsNotTheAccount_NeverChecksItsPassword(string variant)
    {
        // Spellings the normalizer refuses do not reach any grain: even the right password is refused, so they give
        // an attacker neither a guess against the account nor a way around its counter.
        var local = $"lock-{Guid.NewGuid():N}";
        var email = $"{local}@example.com";
        await Nodes[0].Api.RegisterAsync(email);
        var spelling = variant switch
        {
            "trailing dot after the domain" => email + ".",
            "zero-width space in the local part" => $"{local}\u200B@example.com",
            "soft hyphen in the domain" => $"{local}@exam\u00ADple.com",
            "right-to-left override" => $"\u202E{local}@example.com",
            "two at signs" => $"{local}@@example.com",
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, null),
        };

        Assert.Equal("INVALID_CREDENTIALS", await ViaApiAsync(Nodes[1].Api, spelling, AuthApi.Password));
        Assert.DoesNotContain(await EventLog.ReadAsync(Nodes[0].Host, email), e => e.Type == "user.login_failed");
        await Nodes[1].Api.LoginAsync(email);
    }

    /// <summary>Spellings of <c>{local}@bücher.example</c> that all normalize to it.</summary>
    private static string[] Variants(string local)
    {
        var fullWidth = string.Concat(local.Select(c => c switch
        {
            >= 'a' and <= 'z' => (char)(c - 'a' + 'ａ'),
            >= '0' and <= '9' => (char)(c - '0' + '０'),
            '-' => '－',
            _ => c,
        }));
        return
        [
            $"{local}@bücher.example",
            $"{local.ToUpperInvariant()}@BÜCHER.EXAMPLE",
            $"{fullWidth}＠ｂüｃｈｅｒ．ｅｘａｍｐｌｅ",
            $"{local}@xn--bcher-kva.example",
            $"{local}@XN--BCHER-KVA.example",
            $"{local}@bu\u0308cher.example",
            $"  {local}@bücher.example\t",
            $"{local}@bücher.example   ",
            $"{char.ToUpperInvariant(local[0])}{local[1..]}@Bücher.Example",
        ];
    }

    private static async Task<string> ViaApiAsync(AuthApi api, string email, string password = WrongPassword)
    {
        using var response = await api.PostAsync("login", new { email, password });
        var body = await AuthApi.ReadAsync(response, response.StatusCode);
        return response.StatusCode == HttpStatusCode.OK ? "OK" : body.GetProperty("code").GetString()!;
    }

    private static async Task<string> ViaSiloAsync(IHost silo, string email)
    {
        Assert.True(EmailAddress.TryNormalize(email, out var key), email);
        var result = await silo.Services.GetRequiredService<IGrainFactory>().GetGrain<IUserGrain>(key).LoginAsync(new LoginRequest(WrongPassword, "test", "127.0.0.1"));
        return result.Succeeded ? "OK" : result.Error.Code.ToCode();
    }
}
