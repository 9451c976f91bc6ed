using ImServerTests.Cli;
using ImServerTests.Load;

// dotnet run -c Release --project Tools/Load -- [SCENARIO[:WEIGHT]...] [--users N] [--spawn-rate R] [--run-time 60s] [--threshold RULE]...
//   [--csv PREFIX] [--json FILE] [--locust-master HOST[:PORT]]          (see --help)

// Socket completions run on the socket engine's thread instead of hopping to the thread pool: every step of a user is
// async and none blocks, and the hop cost about a sixth of a session's CPU (docs/load.md). It must be set before the
// first socket is made, and a value set outside wins.
const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";
if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
{
    Environment.SetEnvironmentVariable(InlineCompletions, "1");
}

return await CommandLineProgram.RunAsync(LoadCommand.Create(), args);
