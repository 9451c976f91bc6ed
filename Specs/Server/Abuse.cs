using System.Net.WebSockets;
using System.Text;

namespace ImServerTests.Specs.Server;

/// <summary>What the server must do with one piece of abuse.</summary>
internal enum Expected
{
    /// <summary>An error reply with code "1"; the connection stays open.</summary>
    ErrorReply,

    /// <summary>As many error replies as frames sent (a burst); the connection stays open.</summary>
    ErrorReplies,

    /// <summary>The server closes with this status.</summary>
    Close1003,
    Close1007,
    Close1009,

    /// <summary>The client drops the connection without a close handshake; nothing to check on it.</summary>
    Dropped,
}

/// <summary>One malformed input, the frames it is made of, and the server's required answer.</summary>
internal sealed record Abuse(string Kind, Expected Expected, IReadOnlyList<byte[]> Fragments, WebSocketMessageType FrameType, int Count = 1)
{
    public static Abuse Text(string kind, string text) => new(kind, Expected.ErrorReply, [Encoding.UTF8.GetBytes(text)], WebSocketMessageType.Text);

    public override string ToString()
    {
        var bytes = Fragments.Sum(f => f.Length);
        return $"{Kind} ({FrameType}, {bytes} bytes in {Fragments.Count} fragment(s), x{Count}) -> {Expected}";
    }
}

/// <summary>
/// Makes malformed input from a seeded <see cref="Random"/>, so that a failing run can be repeated exactly.
/// Each kind states what a correct server answers: an error reply for text it cannot use, a close code for
/// frames RFC 6455 says to close on.
/// </summary>
internal sealed class AbuseGenerator(Random random, int maxMessageBytes)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    // Sequences no UTF-8 decoder may accept: lone continuation, overlong '/', surrogate, truncated, out of range.
    private static readonly byte[][] InvalidSequences =
    [
        [0x80], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xE4, 0xBD], [0xF5, 0x80, 0x80, 0x80], [0xFF],
    ];

    private const string JsonPunctuation = "{}[]:,\"\\";

    private static readonly string[] WrongValues = ["0", "-1.5e300", "true", "false", "[]", "[\"match\"]", "{}", "{\"type\":\"match\"}"];

    public Abuse Next() => random.Next(10) switch
    {
        0 => RandomText(),
        1 => RandomBytes(),
        2 => InvalidUtf8(),
        3 => Huge(),
        4 => DeeplyNested(),
        5 => WrongJsonTypes(),
        6 => Binary(),
        7 => Burst(),
        8 => Dropped(),
        _ => NotAnObject(),
    };

    // A random text that happens to start a JSON object is still not a request: it has no string "type".
    private Abuse RandomText() => Abuse.Text("random text", RandomText(random.Next(0, 2000)));

    private string RandomText(int length)
    {
        var builder = new StringBuilder();
        while (builder.Length < length)
        {
            builder.Append(random.Next(6) switch
            {
                0 => (char)random.Next(0x00, 0x20), // control characters
                1 => (char)random.Next(0x4E00, 0x9FFF), // CJK
                2 => "😀",
                3 => JsonPunctuation[random.Next(JsonPunctuation.Length)],
                _ => (char)random.Next(0x20, 0x7F),
            });
        }

        return builder.ToString();
    }

    // Runs of random bytes between valid UTF-8 text: about half of these frames are valid UTF-8 after all.
    private Abuse RandomBytes()
    {
        var bytes = new List<byte>();
        var length = random.Next(1, 4096);
        var raw = random.Next(2) == 0;
        while (bytes.Count < length)
        {
            if (raw && random.Next(64) == 0)
            {
                bytes.Add((byte)random.Next(0x80, 0x100));
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(RandomText(random.Next(1, 16))));
            }
        }

        var frame = bytes.ToArray();
        return new Abuse("random bytes", IsUtf8(frame) ? Expected.ErrorReply : Expected.Close1007, [frame], WebSocketMessageType.Text);
    }

    private Abuse InvalidUtf8()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"type\":\"normal\",\"msg\":\"你好");
        var bad = InvalidSequences[random.Next(InvalidSequences.Length)];
        var suffix = Encoding.UTF8.GetBytes("\"}");
        return new Abuse("invalid UTF-8", Expected.Close1007, [[.. prefix, .. bad, .. suffix]], WebSocketMessageType.Text);
    }

    private Abuse Huge()
    {
        var total = random.Next(maxMessageBytes + 1, maxMessageBytes * 8);
        var fragments = new List<byte[]>();
        for (var sent = 0; sent < total;)
        {
            var size = Math.Min(total - sent, random.Next(1, maxMessageBytes));
            fragments.Add(Encoding.ASCII.GetBytes(new string('x', size)));
            sent += size;
        }

        return new Abuse("huge frame", Expected.Close1009, fragments, WebSocketMessageType.Text);
    }

    private Abuse DeeplyNested()
    {
        var depth = random.Next(17, Math.Min(5000, maxMessageBytes / 8));
        var text = random.Next(2) == 0
            ? new string('[', depth) + new string(']', depth)
            : string.Concat(Enumerable.Repeat("{\"type\":", depth)) + "\"match\"" + new string('}', depth);
        return Abuse.Text("deeply nested JSON", text);
    }

    private Abuse WrongJsonTypes()
    {
        string[] fields = ["type", "from", "to", "msg", "msgId"];
        var broken = fields[random.Next(fields.Length)];
        var parts = fields.Select(f => f == broken
            ? $"\"{f}\":{WrongValues[random.Next(WrongValues.Length)]}"
            : $"\"{f}\":\"{(f == "type" ? "normal" : "x")}\"");
        return Abuse.Text($"'{broken}' not a string", "{" + string.Join(',', parts) + "}");
    }

    private Abuse NotAnObject()
    {
        string[] values = ["null", "42", "\"match\"", "[{\"type\":\"match\"}]", "true", "", "   ", "{\"type\":\"match\"", "{type:match}"];
        return Abuse.Text("not a JSON object", values[random.Next(values.Length)]);
    }

    private Abuse Binary()
    {
        var bytes = new byte[random.Next(1, 512)];
        random.NextBytes(bytes);
        return new Abuse("binary frame", Expected.Close1003, [bytes], WebSocketMessageType.Binary);
    }

    private Abuse Burst()
    {
        var count = random.Next(500, 3000);
        return new Abuse("burst", Expected.ErrorReplies, [Encoding.UTF8.GetBytes("{\"type\":\"normal\"}")], WebSocketMessageType.Text, count);
    }

    private Abuse Dropped()
    {
        // Half a message and then the TCP connection goes away, as when a client process dies.
        var bytes = Encoding.UTF8.GetBytes("{\"type\":\"match\",\"from\":\"" + new string('x', random.Next(0, 1000)));
        return new Abuse("abrupt disconnect", Expected.Dropped, [bytes], WebSocketMessageType.Text);
    }

    private static bool IsUtf8(byte[] bytes)
    {
        try
        {
            StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
