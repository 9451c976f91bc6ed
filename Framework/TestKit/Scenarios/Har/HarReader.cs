using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ImServerTests.TestKit.Scenarios.Har;

/// <summary>
/// Reads the WebSocket traffic of a HAR file, as Chrome DevTools and Playwright write it: entries with
/// "_resourceType": "websocket" and "_webSocketMessages" of {type, time, opcode, data}. Binary frames and
/// connections to other URLs are left out with a warning each; a file that is not a HAR of WebSocket traffic
/// is a one-line error naming the file and what was expected.
/// </summary>
public static class HarReader
{
    public const string PinterPath = "/pinter/imserver/";

    // A Unix time in seconds is below 10^11 for the next thousand years; Playwright writes milliseconds.
    private const double MillisecondsFrom = 1e11;

    public static Recording Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return File.Exists(path)
            ? Parse(File.ReadAllText(path), path)
            : throw new ScenarioException($"{path}: file not found");
    }

    public static Recording Parse(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new ScenarioException($"{source}: not a HAR file: not JSON ({e.Message})");
        }

        if (root?["log"]?["entries"] is not JsonArray entries)
        {
            throw new ScenarioException($"{source}: not a HAR file: expected an object with log.entries (export it from DevTools' Network panel, or record it with Playwright)");
        }

        var sockets = entries.OfType<JsonObject>().Select((entry, index) => (entry, index))
            .Where(e => e.entry["_resourceType"]?.GetValue<string>() == "websocket" || e.entry.ContainsKey("_webSocketMessages"))
            .ToList();
        if (sockets.Count == 0)
        {
            throw new ScenarioException($"{source}: no WebSocket entry: expected entries with \"_resourceType\": \"websocket\" and \"_webSocketMessages\" (in DevTools, export from Network -> WS with the connection selected)");
        }

        var warnings = new List<string>();
        var connections = new List<RecordedConnection>();
        foreach (var (entry, index) in sockets)
        {
            var urlText = entry["request"]?["url"]?.GetValue<string>() ?? "";
            if (entry["_webSocketMessages"] is not JsonArray messages)
            {
                throw new ScenarioException($"{source}: entry {index} ({urlText}) has no _webSocketMessages: record with the connection open, so its frames are kept");
            }

            if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || !url.AbsolutePath.Contains(PinterPath, StringComparison.Ordinal))
            {
                warnings.Add($"skipped entry {index} ({urlText}): not a pinter IM server URL (…{PinterPath}{{userId}})");
                continue;
            }

            var recorded = new List<RecordedMessage>();
            foreach (var message in messages.OfType<JsonObject>())
            {
                var opcode = message["opcode"]?.GetValue<int>() ?? 1;
                var direction = message["type"]?.GetValue<string>() == "send" ? RecordedDirection.Send : RecordedDirection.Receive;
                var time = Time(message["time"]);
                if (opcode != 1)
                {
                    warnings.Add($"skipped {(opcode == 2 ? "a binary" : $"an opcode {opcode}")} frame ({direction.ToString().ToLowerInvariant()}) of {urlText} at {time:O}: only text frames become steps");
                    continue;
                }

                recorded.Add(new RecordedMessage(direction, time, message["data"]?.GetValue<string>() ?? ""));
            }

            var started = DateTimeOffset.TryParse(entry["startedDateTime"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                ? at
                : recorded.FirstOrDefault()?.Time ?? DateTimeOffset.UnixEpoch;
            connections.Add(new RecordedConnection(url, started, recorded));
        }

        if (connections.Count == 0)
        {
            throw new ScenarioException($"{source}: no WebSocket entry to a pinter IM server: {string.Join("; ", warnings)}");
        }

        return new Recording(connections, warnings);
    }

    private static DateTimeOffset Time(JsonNode? node)
    {
        var value = node?.GetValue<double>() ?? 0;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value >= MillisecondsFrom ? value : value * 1000));
    }
}
