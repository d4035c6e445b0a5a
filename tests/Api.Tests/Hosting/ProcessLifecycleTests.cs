using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;

using OrleansAuth.Api.Tests.Infrastructure;

namespace OrleansAuth.Api.Tests.Hosting;

/// <summary>The API as a real OS process: embedded defaults, JSON logs with correlation, orderly stop on Ctrl+C.</summary>
public sealed class ProcessLifecycleTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _workingDirectory = Directory.CreateTempSubdirectory("oa-api-process-").FullName;

    [Fact]
    public async Task Run_EmbeddedDefaultsThenSigint_ServesHealthLogsJsonAndStopsCleanly()
    {
        var port = FreePort.Next();

        // Production refuses to store signing keys unsealed.
        using var api = ApiProcess.Start(
            _workingDirectory,
            new Dictionary<string, string?> { ["Auth__SigningKeys__EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            "--urls",
            $"http://127.0.0.1:{port}");
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await WaitForHealthAsync(client, api);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Request-ID", "process-req-7");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        // The default connection string is relative: the database lands in data/ under the working directory.
        Assert.True(File.Exists(Path.Combine(_workingDirectory, "data", "auth.db")));

        Assert.Equal(0, Kill("-INT", api.Process.Id));
        await api.WaitForExitAsync(Patience, "stop after SIGINT");

        Assert.Equal(0, api.Process.ExitCode);
        var lines = api.Lines();
        Assert.All(lines.Where(l => l.StartsWith('{')), line => JsonDocument.Parse(line).Dispose());
        Assert.Contains(lines, l => l.Contains("\"CorrelationId\":\"process-req-7\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Orleans Silo stopped.", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    private static async Task WaitForHealthAsync(HttpClient client, ApiProcess api)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            Assert.False(api.Process.HasExited, $"The API exited early:\n{api.Output}");
            try
            {
                using var response = await client.GetAsync("/health/ready");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"The API did not become ready:\n{api.Output}");
            await Task.Delay(100);
        }
    }

    private static int Kill(string signal, int pid)
    {
        using var kill = Process.Start("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
