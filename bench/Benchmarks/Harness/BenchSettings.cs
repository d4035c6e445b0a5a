namespace OrleansAuth.Benchmarks.Harness;

/// <summary>Command-line settings: <c>--postgres CONN</c>, <c>--out FILE</c>, <c>--quick</c> (short phases, for the smoke test).</summary>
internal sealed record BenchSettings(string Command, string? Postgres, string? Output, bool Quick)
{
    public TimeSpan Warmup => Quick ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(2);

    public TimeSpan Duration => Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5);

    /// <summary>Idle activations created for the memory figure (DESIGN.md §6 asks for 100,000).</summary>
    public int Activations => Quick ? 2_000 : 100_000;

    public static BenchSettings Parse(string[] args)
    {
        string? postgres = null, output = null;
        var quick = false;
        var command = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "all";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--postgres" when i + 1 < args.Length:
                    postgres = args[++i];
                    break;
                case "--out" when i + 1 < args.Length:
                    output = args[++i];
                    break;
                case "--quick":
                    quick = true;
                    break;
            }
        }

        return new BenchSettings(command, string.IsNullOrWhiteSpace(postgres) ? null : postgres, output, quick);
    }
}
