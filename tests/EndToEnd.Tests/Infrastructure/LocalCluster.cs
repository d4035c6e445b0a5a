namespace OrleansAuth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The docker-compose topology as local processes, started by <c>scripts/cluster.sh start</c> (throwaway PostgreSQL,
/// 3 silos, 1 API in <c>Cluster:Mode=client</c>) from the Release build the test run has already made, and always
/// stopped by <c>scripts/cluster.sh stop</c>, which stops exactly what it started. Subclasses pass more settings
/// (script variables such as <c>CLUSTER_SILOS</c>, or service configuration inherited by every process).
/// </summary>
public class LocalCluster : IAsyncLifetime
{
    // Generous: on a loaded 2-core machine five .NET processes and a PostgreSQL server start one after another.
    private static readonly TimeSpan _startTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan _stopTimeout = TimeSpan.FromMinutes(2);

    private readonly string _stateDirectory = Path.Combine(Path.GetTempPath(), $"oa-e2e-cluster-{Guid.NewGuid():N}");
    private readonly IReadOnlyDictionary<string, string?> _settings;
    private Dictionary<string, string> _values = [];

    public LocalCluster()
        : this(new Dictionary<string, string?>())
    {
    }

    protected LocalCluster(IReadOnlyDictionary<string, string?> settings) => _settings = settings;

    public Uri ApiUrl => new(Value("API_URL"));

    public int SiloCount => int.Parse(Value("SILOS"), System.Globalization.CultureInfo.InvariantCulture);

    public int ApiProcessId => int.Parse(Value("API_PID"), System.Globalization.CultureInfo.InvariantCulture);

    public int SiloProcessId(int silo) => int.Parse(Value($"SILO{silo}_PID"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>SIGKILL of silo <paramref name="silo"/>: no leave, no state written, as in a crash.</summary>
    public async Task KillSiloAsync(int silo)
    {
        using var victim = System.Diagnostics.Process.GetProcessById(SiloProcessId(silo));
        victim.Kill();
        await victim.WaitForExitAsync();
    }

    /// <summary>Graceful stop (SIGTERM) of silo <paramref name="silo"/>; returns when the process has exited.</summary>
    public Task StopSiloAsync(int silo) => RunCommandAsync("silo-stop", silo.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Silo <paramref name="silo"/>'s silo-to-silo port.</summary>
    public int SiloPort(int silo) => int.Parse(Value($"SILO{silo}_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Silo <paramref name="silo"/>'s gateway port (where API nodes connect).</summary>
    public int SiloGatewayPort(int silo) => int.Parse(Value($"SILO{silo}_GATEWAY_PORT"), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Starts silo <paramref name="silo"/> again (a new generation) on its ports, or with <paramref name="newPorts"/>
    /// on ports this cluster never used; returns once it is Active in the membership table. Several may run at once.
    /// </summary>
    public async Task StartSiloAsync(int silo, bool newPorts = false)
    {
        string[] arguments = newPorts
            ? [silo.ToString(System.Globalization.CultureInfo.InvariantCulture), "--new-ports"]
            : [silo.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        await RunCommandAsync("silo-start", arguments);
        _values = ReadEnvironmentFile();
    }

    /// <summary>Stops the cluster's PostgreSQL server (fast shutdown: its connections are cut); its data stays.</summary>
    public Task StopDatabaseAsync() => RunCommandAsync("db-stop");

    /// <summary>Starts the cluster's PostgreSQL server again on the same port and data.</summary>
    public Task StartDatabaseAsync() => RunCommandAsync("db-start");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_stateDirectory);
        var result = await RunScriptAsync(_startTimeout, _settings, "start", _stateDirectory);
        Assert.True(result.ExitCode == 0, $"scripts/cluster.sh start failed:\n{result.StandardError}\n{Logs()}");
        _values = ReadEnvironmentFile();
    }

    public async Task DisposeAsync()
    {
        try
        {
            if (File.Exists(Path.Combine(_stateDirectory, "cluster.env")))
            {
                var result = await RunScriptAsync(_stopTimeout, _settings, "stop", _stateDirectory);
                Assert.True(result.ExitCode == 0, $"scripts/cluster.sh stop failed:\n{result.StandardError}");
            }
        }
        finally
        {
            KeepLogs();
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }

    // Every process's log outlives the cluster, for diagnosis: TestResults/EndToEnd.Tests/cluster-logs/<cluster>/.
    private void KeepLogs()
    {
        var logs = Path.Combine(_stateDirectory, "logs");
        if (!Directory.Exists(logs))
        {
            return;
        }

        var target = RepositoryPaths.Combine("TestResults", "EndToEnd.Tests", "cluster-logs", $"{GetType().Name}-{Path.GetFileName(_stateDirectory)}");
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(logs, "*.log"))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    /// <summary>How many lines of the logs of the silos contain <paramref name="text"/>.</summary>
    public int CountSiloLogLines(string text) =>
        Directory.GetFiles(Path.Combine(_stateDirectory, "logs"), "silo*.log")
            .Sum(file => File.ReadLines(file).Count(line => line.Contains(text, StringComparison.Ordinal)));

    /// <summary>The last lines of every process's log, for failure messages.</summary>
    public string Logs()
    {
        var logs = Path.Combine(_stateDirectory, "logs");
        return !Directory.Exists(logs)
            ? string.Empty
            : string.Join('\n', Directory.GetFiles(logs, "*.log").Order(StringComparer.Ordinal)
                .Select(file => $"--- {Path.GetFileName(file)}\n{string.Join('\n', File.ReadLines(file).TakeLast(15))}"));
    }

    private async Task RunCommandAsync(string command, params string[] arguments)
    {
        var result = await RunScriptAsync(_startTimeout, _settings, [command, _stateDirectory, .. arguments]);
        Assert.True(result.ExitCode == 0, $"scripts/cluster.sh {command} failed:\n{result.StandardError}\n{Logs()}");
    }

    private static Task<ProcessRunner.Result> RunScriptAsync(TimeSpan timeout, IReadOnlyDictionary<string, string?> settings, params string[] arguments)
    {
        var environment = new Dictionary<string, string?>
        {
            ["CLUSTER_BUILD"] = "0",
            ["CLUSTER_START_TIMEOUT"] = ((int)(timeout.TotalSeconds - 30)).ToString(System.Globalization.CultureInfo.InvariantCulture),

            // The test logs the same users in again and again while a silo is down; per-address limits would refuse that.
            ["RateLimiting__Enabled"] = "false",
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        return ProcessRunner.RunAsync(RepositoryPaths.Combine("scripts", "cluster.sh"), arguments, RepositoryPaths.Root, environment, timeout);
    }

    private string Value(string key) =>
        _values.TryGetValue(key, out var value) ? value : throw new InvalidOperationException($"cluster.env has no {key}.");

    // Lines KEY=value written with printf %q; the values read here (URLs, pids) need no unquoting.
    private Dictionary<string, string> ReadEnvironmentFile() =>
        File.ReadLines(Path.Combine(_stateDirectory, "cluster.env"))
            .Select(line => line.Split('=', 2))
            .Where(parts => parts.Length == 2)
            .ToDictionary(parts => parts[0], parts => parts[1], StringComparer.Ordinal);
}
