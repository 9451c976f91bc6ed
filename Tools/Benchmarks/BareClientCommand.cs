using System.CommandLine;
using System.Text.Json;
using ImServerTests.Cli;

namespace ImServerTests.Benchmarks;

/// <summary>
/// The bare-client subcommand that compare.sh runs beside the load command: plays the benchmark conversation with
/// <see cref="BareClient"/> for a run time and writes the sessions, seconds and failures to a JSON file.
/// </summary>
internal static class BareClientCommand
{
    private const string InlineCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The server's WebSocket URL, without the user id (ws://host:port/pinter/imserver).", Required = true, HelpName = "URL" };
        var users = new Option<int>("--users") { Description = "Users, each playing one session after another.", DefaultValueFactory = _ => 200, HelpName = "N" };
        var runTime = new Option<int>("--seconds") { Description = "Run time in seconds.", DefaultValueFactory = _ => 30, HelpName = "N" };
        var handshake = new Option<BareClient.Handshake>("--handshake")
        {
            Description = "ClientWebSocket (over one shared handler, as the load command connects) or SocketStream (the upgrade written on a socket stream).",
            DefaultValueFactory = _ => BareClient.Handshake.ClientWebSocket,
        };
        var json = new Option<FileInfo>("--json") { Description = "Where to write {sessions, seconds, failures}; the file must not exist.", Required = true, HelpName = "FILE" };
        url.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string>() is { } value && !(Uri.TryCreate(value, UriKind.Absolute, out var parsed) && parsed.Scheme == "ws"))
            {
                result.AddError($"--url: '{value}' is not a ws:// URL (the bare client speaks no TLS)");
            }
        });
        foreach (var positive in new[] { users, runTime })
        {
            positive.Validators.Add(result =>
            {
                if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[0].Value, out var n) && n <= 0)
                {
                    result.AddError($"{positive.Name} needs a positive whole number");
                }
            });
        }

        var command = new Command("bare-client", "The benchmark conversation played with nothing checked or recorded: the floor under the load command's CPU per session (compare.sh).")
        {
            url, users, runTime, handshake, json,
        };
        command.SetAction(async (parsed, cancellation) =>
        {
            var output = parsed.GetValue(json)!;
            if (output.Exists)
            {
                Console.Error.WriteLine($"bare-client: {output.FullName} exists; name a new file, so nothing is overwritten");
                return ExitCodes.Usage;
            }

            // As the load command runs (its Program.cs): socket completions on the socket engine's thread. Set before
            // the first socket of this process, and a value set outside wins.
            if (Environment.GetEnvironmentVariable(InlineCompletions) is null)
            {
                Environment.SetEnvironmentVariable(InlineCompletions, "1");
            }

            var result = await new BareClient(new Uri(parsed.GetValue(url)!), parsed.GetValue(handshake))
                .RunAsync(parsed.GetValue(users), TimeSpan.FromSeconds(parsed.GetValue(runTime)), cancellation);
            await File.WriteAllTextAsync(output.FullName, JsonSerializer.Serialize(new { sessions = result.Sessions, seconds = result.Seconds, failures = result.Failures }), CancellationToken.None);
            Console.WriteLine($"bare client ({parsed.GetValue(handshake)}): {result.Sessions} sessions in {result.Seconds:0.0} s, {result.Failures} failures");
            return result.Failures == 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
