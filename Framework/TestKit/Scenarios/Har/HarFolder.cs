using System.Text.Json;

namespace ImServerTests.TestKit.Scenarios.Har;

/// <summary>
/// Writes HAR files into a folder the user names (IMSERVER_HAR_DIR). A file of the same name is replaced only when
/// this project wrote it (its creator is <see cref="HarWriter.Creator"/>); any other file is left as it is and the
/// write refused with a message, never overwritten.
/// </summary>
public static class HarFolder
{
    public static async Task WriteAsync(string path, string har, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path) && !await WrittenHereAsync(path, cancellationToken).ConfigureAwait(false))
        {
            throw new IOException(
                $"{path} exists and was not written by {HarWriter.Creator}, so it is left as it is and this test's HAR was not written. "
                + "Move that file, or point IMSERVER_HAR_DIR at a folder of its own.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        await File.WriteAllTextAsync(path, har, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether a file is a HAR this project wrote: JSON whose log.creator.name is ours.</summary>
    public static async Task<bool> WrittenHereAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            var stream = File.OpenRead(path);
            await using (stream.ConfigureAwait(false))
            {
                using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken).ConfigureAwait(false);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("log", out var log) && log.ValueKind == JsonValueKind.Object
                    && log.TryGetProperty("creator", out var creator) && creator.ValueKind == JsonValueKind.Object
                    && creator.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && name.GetString() == HarWriter.Creator;
            }
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
