using ImServerTests.Cli;
using ImServerTests.Load;

// dotnet run -c Release --project Load -- [SCENARIO[:WEIGHT]...] [--users N] [--spawn-rate R] [--run-time 60s] [--threshold RULE]...
//   [--csv PREFIX] [--json FILE] [--locust-master HOST[:PORT]]          (see --help)
return await CommandLineProgram.RunAsync(LoadCommand.Create(), args);
