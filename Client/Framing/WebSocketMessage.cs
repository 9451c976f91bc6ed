namespace ImServerTests.Client.Framing;

/// <summary>
/// A whole data message: the opcode of its first frame, its payload put together from every fragment (§5.4), and the
/// frames it came in. A text message is valid only if its whole payload is UTF-8 (§5.6): a fragment may end inside a character.
/// </summary>
public sealed record WebSocketMessage(Opcode Opcode, byte[] Payload, IReadOnlyList<WebSocketFrame> Frames)
{
    /// <summary>The payload as text, or null when it is not valid UTF-8.</summary>
    public string? Text => WebSocketFrame.Utf8OrNull(Payload);

    public override string ToString() =>
        $"{(Opcode == Opcode.Text ? "text" : Opcode == Opcode.Binary ? "binary" : $"opcode 0x{(byte)Opcode:X}")} message "
        + $"{WebSocketFrame.Describe(Payload)}{(Frames.Count > 1 ? $" in {Frames.Count} frames" : "")}";
}
