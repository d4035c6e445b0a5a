using System.Diagnostics;
using System.Net;
using System.Text;
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
        var output = new StringBuilder();
        using var process = StartApi(port, output);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };

        await WaitForHealthAsync(client, process, output);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        request.Headers.Add("X-Request-ID", "process-req-7");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);

        // The default connection string is relative: the database lands in data/ under the working directory.
        Assert.True(File.Exists(Path.Combine(_workingDirectory, "data", "auth.db")));

        Assert.Equal(0, Kill("-INT", process.Id));
        try
        {
            await process.WaitForExitAsync().WaitAsync(Patience);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The API did not stop within {Patience} of SIGINT:\n{output}");
        }

        Assert.Equal(0, process.ExitCode);
        var lines = Lines(output);
        Assert.All(lines.Where(l => l.StartsWith('{')), line => JsonDocument.Parse(line).Dispose());
        Assert.Contains(lines, l => l.Contains("\"CorrelationId\":\"process-req-7\"", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("Grain runtime stopped", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    private Process StartApi(int port, StringBuilder output)
    {
        var apiAssembly = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(apiAssembly);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Path.GetDirectoryName(apiAssembly)!);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment.Remove("ConnectionStrings__AuthDb");
        start.Environment.Remove("Storage__Provider");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        // Production refuses to store signing keys unsealed.
        start.Environment["Auth__SigningKeys__EncryptionKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitForHealthAsync(HttpClient client, Process process, StringBuilder output)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            Assert.False(process.HasExited, $"The API exited early:\n{output}");
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

            Assert.True(DateTime.UtcNow < deadline, $"The API did not become ready:\n{output}");
            await Task.Delay(100);
        }
    }

    private static int Kill(string signal, int pid)
    {
        using var kill = Process.Start("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }


    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    private static string[] Lines(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        }
    }
}
