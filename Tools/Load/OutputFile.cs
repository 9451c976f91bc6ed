namespace ImServerTests.Load;

/// <summary>
/// A file the run writes where the user says (--csv, --json): a file already there is replaced only when an earlier
/// run of this command wrote it (it starts the way this command's files start); any other is refused, untouched.
/// </summary>
public static class OutputFile
{
    /// <summary>Null when <paramref name="path"/> may be written; else why not, naming the option and the file.</summary>
    public static string? Refusal(string option, string path, string ourStart)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return $"{option} {path}: that is a folder; name a file";
        }

        if (!File.Exists(path))
        {
            return null;
        }

        using var reader = new StreamReader(path);
        var start = new char[ourStart.Length];
        var read = reader.ReadBlock(start, 0, start.Length);
        return new string(start, 0, read) == ourStart
            ? null
            : $"{option} {path}: the file exists and was not written by this command, so it is left as it is; name another file";
    }

    public static void Write(string path, string content)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        File.WriteAllText(path, content);
    }
}
