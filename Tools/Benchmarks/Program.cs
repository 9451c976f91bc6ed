using ImServerTests.Benchmarks;
using ImServerTests.Cli;

// Prints the suite's performance figures from one run on this machine; docs/benchmarks.md explains them.
// Usage: dotnet run -c Release --project Benchmarks [-- --sessions N --concurrent M --rounds R --repetitions R --no-pin
//        --parts roundtrip,pinned,unpinned,regression]      (see --help)
return await CommandLineProgram.RunAsync(BenchmarkCommand.Create(), args);
