using System.Globalization;
using System.Text;
using MessagePack;

namespace ImServerTests.Specs.Load;

/// <summary>
/// A msgpack message written out with the type of every value (str, int, float, nil, map, array), so a golden file
/// shows exactly what a Locust master unpacks: str not bin, integer keys where Locust keys by integers.
/// </summary>
internal static class MsgPackText
{
    public static string Of(byte[] message)
    {
        var reader = new MessagePackReader(message);
        var text = new StringBuilder();
        Write(ref reader, text, 0);
        return text.ToString();
    }

    private static void Write(ref MessagePackReader reader, StringBuilder text, int indent)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Nil:
                reader.ReadNil();
                text.Append("nil");
                break;
            case MessagePackType.Boolean:
                text.Append(reader.ReadBoolean() ? "true" : "false");
                break;
            case MessagePackType.Integer:
                text.Append("int ").Append(reader.ReadInt64().ToString(CultureInfo.InvariantCulture));
                break;
            case MessagePackType.Float:
                text.Append("float ").Append(reader.ReadDouble().ToString("R", CultureInfo.InvariantCulture));
                break;
            case MessagePackType.String:
                text.Append("str \"").Append(reader.ReadString()).Append('"');
                break;
            case MessagePackType.Binary:
                text.Append("BIN (a master reads bytes, not text)");
                reader.Skip();
                break;
            case MessagePackType.Array:
                var items = reader.ReadArrayHeader();
                text.Append('[');
                for (var i = 0; i < items; i++)
                {
                    text.Append('\n').Append(' ', indent + 2);
                    Write(ref reader, text, indent + 2);
                }

                text.Append('\n').Append(' ', indent).Append(']');
                break;
            case MessagePackType.Map:
                var pairs = reader.ReadMapHeader();
                text.Append('{');
                for (var i = 0; i < pairs; i++)
                {
                    text.Append('\n').Append(' ', indent + 2);
                    Write(ref reader, text, indent + 2);
                    text.Append(": ");
                    Write(ref reader, text, indent + 2);
                }

                text.Append('\n').Append(' ', indent).Append('}');
                break;
            default:
                text.Append("UNKNOWN ").Append(reader.NextMessagePackType);
                reader.Skip();
                break;
        }
    }
}
