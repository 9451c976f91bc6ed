using ImServerTests.Server.Faults;

namespace ImServerTests.Specs.Server;

/// <summary>
/// The pong-missing fault's filter: what the client sends reaches the WebSocket layer without its ping frames, every
/// other frame byte for byte, however the bytes are split between reads.
/// </summary>
[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Faults")]
public sealed class PingSwallowingStreamSpecs
{
    private static readonly byte[] Key = [1, 2, 3, 4];

    [TestCase(1, TestName = "Pings are taken out when the bytes come one at a time")]
    [TestCase(7, TestName = "Pings are taken out when the bytes come seven at a time")]
    [TestCase(4096, TestName = "Pings are taken out when the bytes come all at once")]
    public async Task Pings_are_taken_out_and_every_other_frame_passes_byte_for_byte(int bytesPerRead)
    {
        byte[] text = Masked(0x01, fin: false, "你好"u8.ToArray());
        byte[] ping = Masked(0x09, fin: true, "are you there"u8.ToArray());
        byte[] longer = Masked(0x00, fin: true, new byte[300]); // a 16-bit length
        byte[] close = Masked(0x08, fin: true, [0x03, 0xE8]);
        await using var filtered = new PingSwallowingStream(new Trickle([.. text, .. ping, .. longer, .. ping, .. close], bytesPerRead));

        var read = await ReadToEndAsync(filtered);

        read.Should().Equal([.. text, .. longer, .. close]);
    }

    [Test]
    public async Task What_the_server_writes_passes_unchanged()
    {
        var written = new MemoryStream();
        await using var filtered = new PingSwallowingStream(written);

        await filtered.WriteAsync(new byte[] { 0x8A, 0x00 });

        written.ToArray().Should().Equal(0x8A, 0x00);
    }

    private static byte[] Masked(int opcode, bool fin, byte[] payload)
    {
        List<byte> frame = [(byte)((fin ? 0x80 : 0) | opcode)];
        if (payload.Length < 126)
        {
            frame.Add((byte)(0x80 | payload.Length));
        }
        else
        {
            frame.AddRange([0x80 | 126, (byte)(payload.Length >> 8), (byte)payload.Length]);
        }

        frame.AddRange(Key);
        frame.AddRange(payload.Select((b, i) => (byte)(b ^ Key[i % 4])));
        return [.. frame];
    }

    private static async Task<byte[]> ReadToEndAsync(Stream stream)
    {
        var all = new List<byte>();
        var buffer = new byte[64];
        int count;
        while ((count = await stream.ReadAsync(buffer)) > 0)
        {
            all.AddRange(buffer.AsSpan(0, count).ToArray());
        }

        return [.. all];
    }

    // Hands out its bytes a few at a time, as a network does.
    private sealed class Trickle(byte[] bytes, int perRead) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, perRead)], cancellationToken);
    }
}
