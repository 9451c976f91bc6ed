namespace ImServerTests.Shared;

/// <summary>
/// A working folder a tool makes for itself in the system's temporary folder: always a new one, never a folder
/// that was there before, and removed whole when disposed or when the process is stopped (Ctrl-C, SIGTERM), since
/// everything in it is the tool's own.
/// </summary>
public sealed class TemporaryFolder : IDisposable
{
    private TemporaryFolder(DirectoryInfo folder)
    {
        Path = folder.FullName;
        AppDomain.CurrentDomain.ProcessExit += RemoveAtExit;
    }

    public string Path { get; }

    /// <summary>Makes a new, empty folder whose name starts with <paramref name="prefix"/>.</summary>
    public static TemporaryFolder Create(string prefix) => new(Directory.CreateTempSubdirectory(prefix));

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= RemoveAtExit;
        Remove();
    }

    private void RemoveAtExit(object? sender, EventArgs e) => Remove();

    private void Remove()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // already gone
        }
    }
}
