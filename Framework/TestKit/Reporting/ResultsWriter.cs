using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace ImServerTests.TestKit.Reporting;

/// <summary>Where Allure results go. Kept apart from the model so the adapter's tests need no disk.</summary>
public interface IResultsWriter
{
    void Write(AllureTestResult result);

    void Write(AllureContainer container);

    /// <summary>Stores an attachment's bytes and returns its file name, for <see cref="AllureAttachment.Source"/>.</summary>
    string WriteAttachment(byte[] content, string extension);

    /// <summary>Writes a file that holds for the whole run (categories.json, executor.json).</summary>
    void WriteRunFile(string fileName, string content);

    /// <summary>Adds key = value lines to environment.properties, keeping what other test assemblies wrote there.</summary>
    void MergeEnvironment(IReadOnlyDictionary<string, string> values);
}

/// <summary>Writes {prefix}-{uuid}-result.json, -container.json and attachments into one folder.</summary>
public sealed class FileResultsWriter : IResultsWriter
{
    private const string EnvironmentFile = "environment.properties";
    private readonly string _prefix;

    public FileResultsWriter(string directory, string prefix)
    {
        Directory = directory;
        _prefix = prefix;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    public void Write(AllureTestResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        File.WriteAllText(Path.Combine(Directory, $"{_prefix}-{result.Uuid}-result.json"), JsonSerializer.Serialize(result, AllureJson.Default.AllureTestResult));
    }

    public void Write(AllureContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        File.WriteAllText(Path.Combine(Directory, $"{_prefix}-{container.Uuid}-container.json"), JsonSerializer.Serialize(container, AllureJson.Default.AllureContainer));
    }

    public string WriteAttachment(byte[] content, string extension)
    {
        var name = $"{_prefix}-{Guid.NewGuid()}-attachment{extension}";
        File.WriteAllBytes(Path.Combine(Directory, name), content);
        return name;
    }

    // Written aside and moved into place, so a reader never sees half a file and two writers never mix.
    public void WriteRunFile(string fileName, string content)
    {
        var temporary = Path.Combine(Directory, $".{fileName}.{Guid.NewGuid():N}");
        File.WriteAllText(temporary, content, new UTF8Encoding(false));
        File.Move(temporary, Path.Combine(Directory, fileName), overwrite: true);
    }

    public void MergeEnvironment(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var path = Path.Combine(Directory, EnvironmentFile);
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                // Opened exclusively: the other test assemblies of the run merge into the same file.
                using var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                string existing;
                using (var reader = new StreamReader(file, leaveOpen: true))
                {
                    existing = reader.ReadToEnd();
                }

                var merged = RunFiles.ReadProperties(existing);
                foreach (var (key, value) in values)
                {
                    merged[key] = value;
                }

                file.SetLength(0);
                file.Position = 0;
                using var writer = new StreamWriter(file, new UTF8Encoding(false));
                writer.Write(RunFiles.WriteProperties(merged));
                return;
            }
            catch (IOException) when (attempt < 50)
            {
                Thread.Sleep(20);
            }
        }
    }
}

/// <summary>Keeps everything in memory, for the adapter's own tests.</summary>
public sealed class InMemoryResultsWriter : IResultsWriter
{
    public ConcurrentQueue<AllureTestResult> Results { get; } = new();

    public ConcurrentQueue<AllureContainer> Containers { get; } = new();

    public ConcurrentDictionary<string, byte[]> Attachments { get; } = new();

    public ConcurrentDictionary<string, string> RunFiles { get; } = new();

    public ConcurrentDictionary<string, string> Environment { get; } = new();

    public void Write(AllureTestResult result) => Results.Enqueue(result);

    public void Write(AllureContainer container) => Containers.Enqueue(container);

    public string WriteAttachment(byte[] content, string extension)
    {
        var name = $"{Guid.NewGuid()}-attachment{extension}";
        Attachments[name] = content;
        return name;
    }

    public void WriteRunFile(string fileName, string content) => RunFiles[fileName] = content;

    public void MergeEnvironment(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        foreach (var (key, value) in values)
        {
            Environment[key] = value;
        }
    }
}
