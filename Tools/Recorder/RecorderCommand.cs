using System.CommandLine;
using ImServerTests.Cli;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.TestKit.Scenarios.Har;

namespace ImServerTests.Recorder;

/// <summary>
/// The recorder's command line: import a HAR file (Chrome DevTools or Playwright) as a scenario. Nothing is
/// written when the HAR cannot be used, or when the scenario file exists and --force is not given; every frame left
/// out gets a warning line.
/// </summary>
public static class RecorderCommand
{
    public static RootCommand Create()
    {
        var har = new Argument<FileInfo>("capture") { Description = "The HAR file: exported from Chrome DevTools (Network -> WS -> Export HAR) or recorded by Playwright." };
        har.Validators.Add(result =>
        {
            if (result.Tokens.FirstOrDefault(t => t.Value.StartsWith('-')) is { } option)
            {
                result.AddError($"unknown option '{option.Value}'");
            }
        });
        var output = new Option<FileInfo>("--output", "-o") { Description = "The scenario file to write (refused if it exists, unless --force).", Required = true, HelpName = "FILE" };
        var name = new Option<string?>("--name") { Description = "The scenario's title (default: the file name).", HelpName = "TITLE" };
        var force = new Option<bool>("--force") { Description = "Replace FILE if it exists." };
        var import = new Command("import", "Turns a HAR recording of the IM server's WebSocket frames into a scenario of the ImServer regression.") { har, output, name, force };
        import.SetAction((parsed, _) => ImportAsync(parsed.GetValue(har)!, parsed.GetValue(output)!, parsed.GetValue(name), parsed.GetValue(force),
            parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error));
        var root = new RootCommand("From DevTools to a regression case: dotnet run --project Recorder -- import CAPTURE.har -o TestCases/Scenarios/NAME.yml") { import };
        root.SetAction(parsed =>
        {
            parsed.InvocationConfiguration.Error.WriteLine($"error: name a command. Usage: {CommandLineProgram.Usage(import)} (see --help)");
            return ExitCodes.Usage;
        });
        return root;
    }

    public static Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors) =>
        CommandLineProgram.RunAsync(Create(), args, output, errors);

    private static async Task<int> ImportAsync(FileInfo har, FileInfo output, string? name, bool force, TextWriter console, TextWriter errors)
    {
        // Checked first, so a refusal costs nothing and the existing file is never touched.
        if (output.Exists && !force)
        {
            await errors.WriteLineAsync($"error: {output} exists and was left as it is; give --force to replace it, or choose another -o FILE");
            return ExitCodes.Failed;
        }

        try
        {
            var progress = new Progress($"importing {har.Name}", 2, Terminal.IsInteractive ? null : TextWriter.Null);
            var (scenario, warnings, yaml) = await progress.RunAsync(p =>
            {
                p.Started($"reading {har.Name} ({(har.Exists ? har.Length / 1024 : 0)} KB)");
                var recording = HarReader.Read(har.FullName);
                p.Finished($"{recording.Connections.Count} WebSocket connection(s)");
                p.Started("writing the scenario");
                var (imported, warned) = ScenarioImporter.Import(recording, name ?? Path.GetFileNameWithoutExtension(output.Name), har.Name);
                var text = ScenarioWriter.Write(imported);
                ScenarioReader.Parse(text, output.FullName); // what is written must read back
                p.Finished($"{imported.Steps.Count} steps");
                return Task.FromResult((imported, warned, text));
            });
            foreach (var warning in warnings)
            {
                await errors.WriteLineAsync($"warning: {warning}");
            }

            Directory.CreateDirectory(output.DirectoryName!);
            await File.WriteAllTextAsync(output.FullName, yaml);
            await console.WriteLineAsync(
                $"{output}: {scenario.Steps.Count} steps, {scenario.Participants.Count} participant(s) ({string.Join(", ", scenario.Participants.Select(p => p.Name))})");
            return ExitCodes.Success;
        }
        catch (ScenarioException e)
        {
            await errors.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }
    }
}
