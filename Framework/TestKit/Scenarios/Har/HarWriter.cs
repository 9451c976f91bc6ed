using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImServerTests.Shared;

namespace ImServerTests.TestKit.Scenarios.Har;

/// <summary>
/// Writes WebSocket connections as a HAR 1.2 file in Chrome DevTools' shape (one entry per connection with
/// "_resourceType": "websocket" and "_webSocketMessages", times in epoch seconds), so DevTools' Network panel
/// imports it and shows the frames, and <see cref="HarReader"/> reads it back. Secrets are masked, in URLs too.
/// </summary>
public static class HarWriter
{
    /// <summary>The creator name of the HAR files this project writes; how a later run knows a file is its own.</summary>
    public const string Creator = "ImServerTests";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(IEnumerable<RecordedConnection> connections, string creator = Creator)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var entries = new JsonArray();
        foreach (var connection in connections)
        {
            entries.Add(Entry(connection));
        }

        var har = new JsonObject
        {
            ["log"] = new JsonObject
            {
                ["version"] = "1.2",
                ["creator"] = new JsonObject { ["name"] = creator, ["version"] = "1.0" },
                ["pages"] = new JsonArray(),
                ["entries"] = entries,
            },
        };
        return Secrets.Mask(har.ToJsonString(Json));
    }

    private static JsonObject Entry(RecordedConnection connection)
    {
        var messages = new JsonArray();
        foreach (var message in connection.Messages)
        {
            messages.Add(new JsonObject
            {
                ["type"] = message.Direction == RecordedDirection.Send ? "send" : "receive",
                ["time"] = message.Time.ToUnixTimeMilliseconds() / 1000.0,
                ["opcode"] = 1,
                ["data"] = message.Data,
            });
        }

        var last = connection.Messages.Count == 0 ? connection.Started : connection.Messages[^1].Time;
        return new JsonObject
        {
            ["startedDateTime"] = connection.Started.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["time"] = Math.Max(0, (last - connection.Started).TotalMilliseconds),
            ["request"] = new JsonObject
            {
                ["method"] = "GET",
                ["url"] = connection.Url.ToString(),
                ["httpVersion"] = "HTTP/1.1",
                ["headers"] = new JsonArray(
                    new JsonObject { ["name"] = "Upgrade", ["value"] = "websocket" },
                    new JsonObject { ["name"] = "Connection", ["value"] = "Upgrade" }),
                ["queryString"] = new JsonArray(),
                ["cookies"] = new JsonArray(),
                ["headersSize"] = -1,
                ["bodySize"] = 0,
            },
            ["response"] = new JsonObject
            {
                ["status"] = 101,
                ["statusText"] = "Switching Protocols",
                ["httpVersion"] = "HTTP/1.1",
                ["headers"] = new JsonArray(
                    new JsonObject { ["name"] = "Upgrade", ["value"] = "websocket" },
                    new JsonObject { ["name"] = "Connection", ["value"] = "Upgrade" }),
                ["cookies"] = new JsonArray(),
                ["content"] = new JsonObject { ["size"] = 0, ["mimeType"] = "x-unknown" },
                ["redirectURL"] = "",
                ["headersSize"] = -1,
                ["bodySize"] = 0,
            },
            ["cache"] = new JsonObject(),
            ["timings"] = new JsonObject
            {
                ["blocked"] = -1,
                ["dns"] = -1,
                ["ssl"] = -1,
                ["connect"] = -1,
                ["send"] = 0,
                ["wait"] = 0,
                ["receive"] = 0,
            },
            ["_resourceType"] = "websocket",
            ["_webSocketMessages"] = messages,
        };
    }
}
