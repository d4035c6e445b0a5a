using OrleansAuth.Benchmarks;
using OrleansAuth.Benchmarks.Harness;

var settings = BenchSettings.Parse(args);
return await BenchmarkCommands.RunAsync(settings);
