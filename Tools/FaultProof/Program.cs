using ImServerTests.Cli;
using ImServerTests.FaultProof;

// Proves the suite catches server defects: runs the ImServer cases against the embedded server once per fault of the
// catalogue, plus the correct server, the legal variations (one a slow network, through a delaying proxy) and an
// unreachable URL; and shows that each Security case fails against a server that trusts from, as the real one does.
// Build first: dotnet build. Then: dotnet run --no-build --project FaultProof [-- --parallel N]      (see --help)
return await CommandLineProgram.RunAsync(FaultProofCommand.Create(), args);
