using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/PortWatch.Benchmarks -- --filter '*'
// Results: docs/benchmarks.md.
BenchmarkSwitcher.FromAssembly(typeof(PortWatch.Benchmarks.ScanBenchmarks).Assembly).Run(args);
