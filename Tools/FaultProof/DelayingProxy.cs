using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace ImServerTests.FaultProof;

/// <summary>
/// A TCP proxy on 127.0.0.1 that passes bytes both ways as a slow network would: each chunk read is written to the
/// other side after its own random delay, and the bytes of each direction stay in order (a chunk is delivered at the
/// later of the previous chunk's delivery and its arrival plus its delay). When either side closes or fails, the bytes
/// already read from it are still delivered, then both sides are closed. Disposing it stops listening and closes
/// every connection.
/// </summary>
internal sealed class DelayingProxy : IAsyncDisposable
{
    private const int ChunkBytes = 16 * 1024;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);

    // Every connection's sockets are closed by then; this only bounds the wait for their tasks to notice.
    private static readonly TimeSpan DisposeBound = TimeSpan.FromSeconds(5);

    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly int _minDelayMs;
    private readonly int _maxDelayMs;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _connections = [];
    private readonly Task _accepting;
    private int _accepted;

    private DelayingProxy(IPEndPoint target, TimeSpan minDelay, TimeSpan maxDelay)
    {
        _target = target;
        _minDelayMs = (int)minDelay.TotalMilliseconds;
        _maxDelayMs = (int)maxDelay.TotalMilliseconds;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accepting = AcceptAsync();
    }

    /// <summary>The port on 127.0.0.1 that the proxy listens on.</summary>
    public int Port { get; }

    /// <summary>How many connections it has accepted so far.</summary>
    public int Accepted => Volatile.Read(ref _accepted);

    /// <summary>Listens on a free port of 127.0.0.1 and forwards each connection to <paramref name="target"/>.</summary>
    public static DelayingProxy Start(IPEndPoint target, TimeSpan minDelay, TimeSpan maxDelay)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(minDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, minDelay);
        return new DelayingProxy(target, minDelay, maxDelay);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Stop();
        Task[] running;
        lock (_connections)
        {
            running = [_accepting, .. _connections];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(DisposeBound).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // their sockets are closed: nothing is left waiting on them
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                continue; // one connection that failed while being accepted
            }
            catch (SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _accepted);
            lock (_connections)
            {
                _connections.RemoveAll(t => t.IsCompleted);
                _connections.Add(ServeAsync(client));
            }
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.NoDelay = true;
        try
        {
            using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(connection.Token))
            {
                connecting.CancelAfter(ConnectTimeout);
                await server.ConnectAsync(_target, connecting.Token).ConfigureAwait(false);
            }

            await Task.WhenAll(ForwardAsync(client, server, connection), ForwardAsync(server, client, connection)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the server could not be reached, or the proxy is stopping: the client sees its connection closed
        }
        finally
        {
            Close(client);
            Close(server);
        }
    }

    // Reads one direction until it ends, queueing each chunk with the time it is due; then, once what was read is
    // delivered, ends the whole connection, so that the other direction stops too.
    private async Task ForwardAsync(Socket from, Socket to, CancellationTokenSource connection)
    {
        var chunks = Channel.CreateUnbounded<(byte[] Bytes, long Due)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var delivering = DeliverAsync(chunks.Reader, to, connection);
        try
        {
            var buffer = new byte[ChunkBytes];
            var lastDue = 0L;
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, connection.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                var delay = TimeSpan.FromMilliseconds(Random.Shared.Next(_minDelayMs, _maxDelayMs + 1));
                lastDue = Math.Max(lastDue, Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency));
                chunks.Writer.TryWrite((buffer.AsSpan(0, read).ToArray(), lastDue));
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // this side closed abruptly, or the connection is ending
        }
        finally
        {
            chunks.Writer.TryComplete();
        }

        await delivering.ConfigureAwait(false);
        await connection.CancelAsync().ConfigureAwait(false);
    }

    private static async Task DeliverAsync(ChannelReader<(byte[] Bytes, long Due)> chunks, Socket to, CancellationTokenSource connection)
    {
        try
        {
            await foreach (var (bytes, due) in chunks.ReadAllAsync(connection.Token).ConfigureAwait(false))
            {
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, connection.Token).ConfigureAwait(false);
                }

                for (var sent = 0; sent < bytes.Length;)
                {
                    sent += await to.SendAsync(bytes.AsMemory(sent), SocketFlags.None, connection.Token).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // the other side is gone, or the connection is ending: stop reading this direction too
            await connection.CancelAsync().ConfigureAwait(false);
        }
    }

    private static void Close(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // never connected, or already reset
        }

        socket.Dispose();
    }
}
