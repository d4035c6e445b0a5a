namespace OrleansAuth.Benchmarks.Harness;

/// <summary>
/// Command-line settings: a command, then <c>--name value</c> options and the <c>--quick</c> flag (short phases, for the
/// smoke test). <c>--postgres CONN</c> adds the PostgreSQL figures; <c>--out FILE</c> appends each figure to FILE.
/// </summary>
internal sealed record BenchSettings(string Command, IReadOnlyDictionary<string, string> Options, bool Quick)
{
    public string? Postgres => Option("postgres");

    public string? Output => Option("out");

    public TimeSpan Warmup => Quick ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(2);

    public TimeSpan Duration => Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5);

    /// <summary>Idle activations created for the memory figure (DESIGN.md §6 asks for 100,000).</summary>
    public int Activations => Quick ? 2_000 : 100_000;

    public string? Option(string name) => Options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value : null;

    public string Required(string name) => Option(name) ?? throw new ArgumentException($"--{name} is required for '{Command}'.");

    public static BenchSettings Parse(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick")
            {
                quick = true;
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                options[args[i][2..]] = args[++i];
            }
        }

        return new BenchSettings(command, options, quick);
    }
}
