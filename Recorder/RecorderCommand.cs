using ImServerTests.Scenarios;
using ImServerTests.Scenarios.Har;

namespace ImServerTests.Recorder;

/// <summary>
/// The recorder's command line: import a HAR file (Chrome DevTools or Playwright) as a scenario. Nothing is
/// written when the HAR cannot be used; every frame left out gets a warning line.
/// </summary>
public static class RecorderCommand
{
    public const string Usage = """
        Turns a HAR recording of the IM server's WebSocket frames into a scenario of the ImServer regression.

        Usage: dotnet run --project Recorder -- import CAPTURE.har -o TestCases/Scenarios/NAME.yml [--name "TITLE"]

          CAPTURE.har   exported from Chrome DevTools (Network -> WS -> Export HAR) or recorded by Playwright
          -o FILE       the scenario to write (refused if it exists, unless --force)
          --name TITLE  the scenario's title (default: the file name)
          --force       overwrite FILE
        """;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        if (args.Count == 0 || args[0] is "-h" or "--help")
        {
            await output.WriteLineAsync(Usage);
            return args.Count == 0 ? 2 : 0;
        }

        if (args[0] != "import")
        {
            await errors.WriteLineAsync($"error: unknown command '{args[0]}'; the recorder knows: import (see --help)");
            return 2;
        }

        if (ImportArguments.Parse(args.Skip(1).ToList(), out var problem) is not { } import)
        {
            await errors.WriteLineAsync($"error: {problem} (see --help)");
            return 2;
        }

        // Checked first, so a refusal costs nothing and the existing file is never touched.
        if (File.Exists(import.Output) && !import.Force)
        {
            await errors.WriteLineAsync($"error: {import.Output} exists and was left as it is; give --force to replace it, or choose another -o FILE");
            return 1;
        }

        try
        {
            var recording = HarReader.Read(import.Har);
            var name = import.Name ?? Path.GetFileNameWithoutExtension(import.Output);
            var (scenario, warnings) = ScenarioImporter.Import(recording, name, Path.GetFileName(import.Har));
            foreach (var warning in warnings)
            {
                await errors.WriteLineAsync($"warning: {warning}");
            }

            var yaml = ScenarioWriter.Write(scenario);
            ScenarioReader.Parse(yaml, import.Output); // what is written must read back
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(import.Output))!);
            await File.WriteAllTextAsync(import.Output, yaml);
            await output.WriteLineAsync(
                $"{import.Output}: {scenario.Steps.Count} steps, {scenario.Participants.Count} participant(s) ({string.Join(", ", scenario.Participants.Select(p => p.Name))})");
            return 0;
        }
        catch (ScenarioException e)
        {
            await errors.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    private sealed record ImportArguments(string Har, string Output, string? Name, bool Force)
    {
        public static ImportArguments? Parse(List<string> args, out string? problem)
        {
            string? har = null, output = null, name = null;
            var force = false;
            for (var i = 0; i < args.Count; i++)
            {
                switch (args[i])
                {
                    case "-o" or "--output" or "--name" when i + 1 >= args.Count:
                        problem = $"{args[i]} needs a value";
                        return null;
                    case "-o" or "--output":
                        output = args[++i];
                        break;
                    case "--name":
                        name = args[++i];
                        break;
                    case "--force":
                        force = true;
                        break;
                    case var option when option.StartsWith('-'):
                        problem = $"unknown option '{option}'";
                        return null;
                    default:
                        if (har is not null)
                        {
                            problem = $"one HAR file at a time, not '{har}' and '{args[i]}'";
                            return null;
                        }

                        har = args[i];
                        break;
                }
            }

            problem = har is null ? "import needs a HAR file" : output is null ? "import needs -o FILE.yml, the scenario to write" : null;
            return problem is null ? new ImportArguments(har!, output!, name, force) : null;
        }
    }
}
