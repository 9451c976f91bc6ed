using System.Buffers.Binary;
using Microsoft.AspNetCore.Http.Features;

namespace ImServerTests.Server.Faults;

/// <summary>
/// The bytes a client sends on an upgraded connection with every ping frame taken out (RFC 6455 §5.2 framing: a
/// header, then the payload), so the WebSocket layer above never reads a ping and never answers one: a server, or a
/// gateway in front of it, that swallows pings. Everything else passes unchanged, both ways.
/// </summary>
public sealed class PingSwallowingStream(Stream inner) : Stream
{
    private const int Ping = 0x9;

    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private long _passing;
    private long _dropping;

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_passing > 0 || _dropping > 0)
            {
                if (_start == _end && !await FillAsync(1, cancellationToken).ConfigureAwait(false))
                {
                    return 0;
                }

                if (_dropping > 0)
                {
                    var dropped = (int)Math.Min(_end - _start, _dropping);
                    _start += dropped;
                    _dropping -= dropped;
                    continue;
                }

                var count = (int)Math.Min(Math.Min(_end - _start, _passing), destination.Length);
                _buffer.AsMemory(_start, count).CopyTo(destination);
                _start += count;
                _passing -= count;
                return count;
            }

            // At the start of a frame: read its whole header to learn its opcode and length.
            if (!await FillAsync(2, cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            var lengthCode = _buffer[_start + 1] & 0x7F;
            var headerLength = 2 + (lengthCode == 126 ? 2 : lengthCode == 127 ? 8 : 0) + ((_buffer[_start + 1] & 0x80) != 0 ? 4 : 0);
            if (!await FillAsync(headerLength, cancellationToken).ConfigureAwait(false))
            {
                return 0;
            }

            var payloadLength = lengthCode switch
            {
                126 => BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_start + 2)),
                127 => (long)BinaryPrimitives.ReadUInt64BigEndian(_buffer.AsSpan(_start + 2)),
                _ => lengthCode,
            };
            if ((_buffer[_start] & 0x0F) == Ping)
            {
                _dropping = headerLength + payloadLength;
            }
            else
            {
                _passing = headerLength + payloadLength;
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default) => inner.WriteAsync(source, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    // At least `count` unread bytes in the buffer, reading more as needed; false when the client ended the connection first.
    private async ValueTask<bool> FillAsync(int count, CancellationToken cancellationToken)
    {
        if (_buffer.Length - _start < count)
        {
            _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
            _end -= _start;
            _start = 0;
        }

        while (_end - _start < count)
        {
            var read = await inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return false;
            }

            _end += read;
        }

        return true;
    }
}

/// <summary>The request's upgrade, handing the WebSocket layer the upgraded connection through a <see cref="PingSwallowingStream"/>.</summary>
public sealed class PingSwallowingUpgrade(IHttpUpgradeFeature upgrade) : IHttpUpgradeFeature
{
    public bool IsUpgradableRequest => upgrade.IsUpgradableRequest;

    public async Task<Stream> UpgradeAsync() => new PingSwallowingStream(await upgrade.UpgradeAsync().ConfigureAwait(false));
}
