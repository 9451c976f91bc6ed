using ImServerTests.Benchmarks;
using ImServerTests.Cli;

// Prints the suite's performance figures from one run on this machine; docs/benchmarks.md explains them.
// Usage: dotnet run -c Release --project Tools/Benchmarks [-- --sessions N --concurrent M --rounds R --repetitions R --no-pin
//        --parts roundtrip,contract,pinned,unpinned,regression]      (see --help)
//        dotnet run -c Release --project Tools/Benchmarks -- bare-client --url URL --json FILE [--handshake ...]
//        (the floor compare.sh measures the load command against; see bare-client --help)
return await CommandLineProgram.RunAsync(BenchmarkCommand.Create(), args);
