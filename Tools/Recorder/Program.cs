using ImServerTests.Recorder;

// dotnet run --project Recorder -- import CAPTURE.har -o TestCases/Scenarios/NAME.yml [--name TITLE] [--force]   (see --help)
return await RecorderCommand.RunAsync(args, Console.Out, Console.Error);
