namespace ImServerTests.Specs.PracticeSite;

/// <summary>Finds the Chromium to drive: IMSERVER_CHROMIUM, else chromium (Debian's package) on PATH.</summary>
internal static class ChromiumLocator
{
    public const string InstallHint = "Chromium is not installed: apt-get install chromium (or set IMSERVER_CHROMIUM to a Chromium executable); a browser download cannot work here";

    public static string? Find()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariables.Chromium) is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(dir => new[] { "chromium", "chromium-browser" }.Select(name => Path.Combine(dir, name)))
            .FirstOrDefault(File.Exists);
    }
}
