namespace ImServerTests.Shared;

/// <summary>The folder that holds ImServerTests.sln: where websocket.yml, allure-results/ and the tools live.</summary>
public static class RepositoryRoot
{
    public const string Marker = "ImServerTests.sln";

    /// <summary>The nearest folder above the running binaries, else above the working directory, that holds the solution.</summary>
    public static string Find() =>
        TryFind()
        ?? throw new InvalidOperationException(
            $"{Marker} was not found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}: run this from inside the repository.");

    /// <summary>As <see cref="Find"/>, or null when neither is inside a repository (a published build run elsewhere).</summary>
    public static string? TryFind() => Above(AppContext.BaseDirectory) ?? Above(Directory.GetCurrentDirectory());

    private static string? Above(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, Marker)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
