using System.Diagnostics;
using System.Text;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>
/// The API as a real OS process (the built OrleansAuth.Api.dll), its stdout and stderr collected. Used where
/// WebApplicationFactory cannot be trusted: a host whose start fails can surface as ObjectDisposedException from the
/// factory's deferred host instead of the start's own error (dotnet/aspnetcore#33494 and kin).
/// </summary>
internal sealed class ApiProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    private ApiProcess(Process process)
    {
        Process = process;
    }

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the API in <paramref name="workingDirectory"/>, in Production, with the test run's storage variables
    /// removed and <paramref name="environment"/> applied on top (a null value removes a variable).
    /// </summary>
    public static ApiProcess Start(string workingDirectory, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var apiAssembly = typeof(Program).Assembly.Location;
        // Through env(1) with SIGINT back at its default: a test run started in the background inherits SIGINT as
        // ignored, and .NET keeps an inherited "ignored" SIGINT, so Ctrl+C tests would hang there. env execs dotnet,
        // so the pid stays the API's.
        var start = new ProcessStartInfo("env")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(apiAssembly);
        start.ArgumentList.Add("--contentRoot");
        start.ArgumentList.Add(Path.GetDirectoryName(apiAssembly)!);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("ConnectionStrings__AuthDb");
        start.Environment.Remove("Storage__Provider");
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        // A free silo port per process (Orleans listeners use SO_REUSEPORT, so a shared port would misroute traffic).
        start.Environment["Silo__Port"] = "0";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        var process = new ApiProcess(Process.Start(start)!);
        process.Process.OutputDataReceived += (_, e) => process.Append(e.Data);
        process.Process.ErrorDataReceived += (_, e) => process.Append(e.Data);
        process.Process.BeginOutputReadLine();
        process.Process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Waits for the process to exit; kills it and fails the test if it runs longer than <paramref name="timeout"/>.</summary>
    public async Task WaitForExitAsync(TimeSpan timeout, string what)
    {
        try
        {
            await Process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Process.Kill(entireProcessTree: true);
            Assert.Fail($"The API did not {what} within {timeout}:\n{Output}");
        }

        // The asynchronous readers may still hold the last lines: WaitForExit() without a timeout drains them.
        Process.WaitForExit();
    }

    public string[] Lines() => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
        }

        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
