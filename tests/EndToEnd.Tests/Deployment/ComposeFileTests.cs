using OrleansAuth.EndToEnd.Tests.Infrastructure;

namespace OrleansAuth.EndToEnd.Tests.Deployment;

/// <summary>
/// docker-compose.yml cannot be run here (no Docker engine), so it is validated by the real docker-compose
/// (Debian package, installed by scripts/test.sh) and checked for the topology DESIGN.md §3 describes.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly TimeSpan _timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Config_WithPassword_IsValidAndHasPostgresThreeSilosAndApi()
    {
        var result = await ComposeAsync(Secrets(), "config", "--services");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var services = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["api", "postgres", "silo1", "silo2", "silo3"], services.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Config_Resolved_EveryServiceHasHealthCheckAndApiIsClusterClient()
    {
        var result = await ComposeAsync(Secrets(), "config");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var yaml = result.StandardOutput;
        Assert.Equal(5, CountOccurrences(yaml, "    healthcheck:"));
        Assert.Contains("Cluster__Mode: client", yaml, StringComparison.Ordinal);
        Assert.Equal(4, CountOccurrences(yaml, "Storage__Provider: postgres"));
        foreach (var silo in new[] { "silo1", "silo2", "silo3" })
        {
            Assert.Contains($"Silo__AdvertisedAddress: {silo}", yaml, StringComparison.Ordinal);
        }

        Assert.Contains("password=test-only", yaml, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Config_WithoutPassword_IsRefused()
    {
        var environment = new Dictionary<string, string?>(Secrets()) { ["POSTGRES_PASSWORD"] = null };

        var result = await ComposeAsync(environment, "config", "-q");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("POSTGRES_PASSWORD", result.StandardError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("src/Silo/Dockerfile")]
    [InlineData("src/Api/Dockerfile")]
    public void Dockerfile_FinalStage_RunsAsNonRootUser(string path)
    {
        var lines = File.ReadAllLines(RepositoryPaths.Combine(path.Split('/')));
        var finalStage = lines.Select((line, index) => (line, index)).Last(entry => entry.line.StartsWith("FROM ", StringComparison.Ordinal)).index;
        var users = lines.Skip(finalStage).Where(line => line.StartsWith("USER ", StringComparison.Ordinal)).ToList();

        var user = Assert.Single(users)["USER ".Length..].Trim();
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
    }

    [Fact]
    public async Task Config_WithoutSigningKeyEncryptionKey_IsRefused()
    {
        var environment = new Dictionary<string, string?>(Secrets()) { ["SIGNING_KEYS_ENCRYPTION_KEY"] = null };

        var result = await ComposeAsync(environment, "config", "-q");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("SIGNING_KEYS_ENCRYPTION_KEY", result.StandardError, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Secrets() => new()
    {
        ["POSTGRES_PASSWORD"] = "test-only",
        ["SIGNING_KEYS_ENCRYPTION_KEY"] = Convert.ToBase64String(new byte[32]),
    };

    private static Task<ProcessRunner.Result> ComposeAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        ProcessRunner.RunAsync(
            "docker-compose",
            ["--project-directory", RepositoryPaths.Root, "-f", RepositoryPaths.Combine("docker-compose.yml"), .. arguments],
            RepositoryPaths.Root,
            environment,
            _timeout);

    private static int CountOccurrences(string text, string value)
    {
        var count = 0;
        for (var index = text.IndexOf(value, StringComparison.Ordinal); index >= 0; index = text.IndexOf(value, index + value.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
