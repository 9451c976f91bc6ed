namespace ImServerTests.Client.Framing;

/// <summary>What a WebSocket frame carries (RFC 6455 §5.2): data (text, binary, or the continuation of a fragmented message) or control.</summary>
public enum Opcode : byte
{
    Continuation = 0x0,
    Text = 0x1,
    Binary = 0x2,
    Close = 0x8,
    Ping = 0x9,
    Pong = 0xA,
}
