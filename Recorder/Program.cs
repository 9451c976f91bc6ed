using ImServerTests.Recorder;

return await RecorderCommand.RunAsync(args, Console.Out, Console.Error);
