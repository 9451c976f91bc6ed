using ImServerTests.Cli;
using ImServerTests.Fuzz;

// dotnet run --project Tools/Fuzz -- [--url ws://host:9088/pinter/imserver] [--seed SEED] [--duration 10m] [--shrink 60s]
//   [--scenario FILE.yml [--force]]          (see --help)
return await CommandLineProgram.RunAsync(FuzzCommand.Create(), args);
