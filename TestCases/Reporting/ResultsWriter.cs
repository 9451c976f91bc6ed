using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace ImServerTests.TestCases.Reporting;

/// <summary>Where Allure results go. Kept apart from the model so the adapter's tests need no disk.</summary>
public interface IResultsWriter
{
    void Write(AllureTestResult result);

    void Write(AllureContainer container);

    /// <summary>Stores an attachment's bytes and returns its file name, for <see cref="AllureAttachment.Source"/>.</summary>
    string WriteAttachment(byte[] content, string extension);

    void WriteRunFile(string fileName, string content);
}

/// <summary>Writes {uuid}-result.json, {uuid}-container.json and attachments into one folder.</summary>
public sealed class FileResultsWriter : IResultsWriter
{
    public FileResultsWriter(string directory)
    {
        Directory = directory;
        System.IO.Directory.CreateDirectory(directory);
    }

    public string Directory { get; }

    public void Write(AllureTestResult result) =>
        File.WriteAllText(Path.Combine(Directory, $"{result.Uuid}-result.json"), JsonSerializer.Serialize(result, AllureJson.Default.AllureTestResult));

    public void Write(AllureContainer container) =>
        File.WriteAllText(Path.Combine(Directory, $"{container.Uuid}-container.json"), JsonSerializer.Serialize(container, AllureJson.Default.AllureContainer));

    public string WriteAttachment(byte[] content, string extension)
    {
        var name = $"{Guid.NewGuid()}-attachment{extension}";
        File.WriteAllBytes(Path.Combine(Directory, name), content);
        return name;
    }

    public void WriteRunFile(string fileName, string content) =>
        File.WriteAllText(Path.Combine(Directory, fileName), content, new UTF8Encoding(false));
}

/// <summary>Keeps everything in memory, for the adapter's own tests.</summary>
public sealed class InMemoryResultsWriter : IResultsWriter
{
    public ConcurrentQueue<AllureTestResult> Results { get; } = new();

    public ConcurrentQueue<AllureContainer> Containers { get; } = new();

    public ConcurrentDictionary<string, byte[]> Attachments { get; } = new();

    public ConcurrentDictionary<string, string> RunFiles { get; } = new();

    public void Write(AllureTestResult result) => Results.Enqueue(result);

    public void Write(AllureContainer container) => Containers.Enqueue(container);

    public string WriteAttachment(byte[] content, string extension)
    {
        var name = $"{Guid.NewGuid()}-attachment{extension}";
        Attachments[name] = content;
        return name;
    }

    public void WriteRunFile(string fileName, string content) => RunFiles[fileName] = content;
}
