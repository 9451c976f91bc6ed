using ImServerTests.Api.Timing;
using ImServerTests.Client;
using ImServerTests.Conformance;

namespace ImServerTests.Api;

/// <summary>
/// The IM server's API for one user, as the seed's ImServerApi: raw <see cref="SendAsync"/>/<see cref="RecvAsync"/>,
/// plus exchanges in the domain's words (match, normal message, receipt, teacher reply) that return typed frames.
/// Frames are picked loosely and asserted strictly: a wrong field shows up in an assertion, not as a timeout.
/// With a contract, each frame a step picks is checked by the step against the messages it expects, and carries
/// the outcome as data for the assertions. Each frame a step picks also carries its latency from the send that caused it
/// (<see cref="SendClock"/>) and the budget it had. A connection opened with a teacher id (from a match reply) takes that teacher's seat.
/// </summary>
public sealed class ImServerApi : IAsyncDisposable
{
    private readonly WebSocketClient _client;
    private readonly Contract? _contract;

    private ImServerApi(WebSocketClient client, string userId, TimeSpan receiveTimeout, Contract? contract, SendClock clock)
    {
        _client = client;
        UserId = userId;
        ReceiveTimeout = receiveTimeout;
        _contract = contract;
        Clock = clock;
    }

    public string UserId { get; }

    public Uri Url => _client.Url;

    /// <summary>How long one frame is awaited.</summary>
    public TimeSpan ReceiveTimeout { get; }

    /// <summary>The send times of this connection's conversation (shared with the other connections of it), and its budgets.</summary>
    public SendClock Clock { get; }

    /// <summary>The frames of this connection, for failure reports: every frame unless the connection options keep fewer.</summary>
    public Transcript Transcript => _client.Transcript;

    /// <summary>Connects as <paramref name="userId"/> to {baseUrl}/{userId}; frames are checked against <paramref name="contract"/> when given.</summary>
    public static Task<ImServerApi> ConnectAsync(
        Uri baseUrl, string userId, TimeSpan connectTimeout, TimeSpan receiveTimeout, Contract? contract = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(baseUrl, userId, new ConnectionOptions { ConnectTimeout = connectTimeout }, receiveTimeout, contract, cancellationToken);

    /// <summary>Connects as <paramref name="userId"/> with the options' headers, query (after the user id), subprotocols and TLS trust.</summary>
    public static Task<ImServerApi> ConnectAsync(
        Uri baseUrl, string userId, ConnectionOptions options, TimeSpan receiveTimeout, Contract? contract = null, CancellationToken cancellationToken = default) =>
        ConnectAsync(baseUrl, userId, options, receiveTimeout, contract, new SendClock(), cancellationToken);

    /// <summary>
    /// As the other overloads, as one connection of a conversation: its sends go on <paramref name="clock"/>, which its
    /// other connections share, so a relayed message's latency counts from its sender's send and keeps the clock's budgets.
    /// </summary>
    public static async Task<ImServerApi> ConnectAsync(
        Uri baseUrl, string userId, ConnectionOptions options, TimeSpan receiveTimeout, Contract? contract, SendClock clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var url = Protocol.UserUrl(baseUrl, userId); // refuses a blank user id, naming it
        var client = await ExchangeReporting.Current.StepAsync($"connect as {userId}",
            () => WebSocketClient.ConnectAsync(url, options, cancellationToken)).ConfigureAwait(false);
        return new ImServerApi(client, userId, receiveTimeout, contract, clock);
    }

    /// <summary>Sends raw text, like the seed's send().</summary>
    public Task SendAsync(string text, CancellationToken cancellationToken = default) =>
        ExchangeReporting.Current.StepAsync("send frame", async () =>
        {
            ExchangeReporting.Current.AttachFrame("sent", text);
            var sent = ImFrame.Parse(text);
            Clock.Sent(UserId, sent.From, sent.Msg);
            await _client.SendAsync(text, cancellationToken).ConfigureAwait(false);
            return true;
        });

    /// <summary>The next frame's raw text, like the seed's recv(), but bounded by the receive timeout.</summary>
    public Task<string> RecvAsync(CancellationToken cancellationToken = default) =>
        ExchangeReporting.Current.StepAsync("receive frame", async () =>
        {
            var received = await _client.ReceiveFrameAsync(static _ => true, "the next frame", ReceiveTimeout, cancellationToken).ConfigureAwait(false);
            ExchangeReporting.Current.AttachFrame("received", received.Text);
            Timed(ImFrame.Parse(received.Text), received.ArrivedAt, within: null);
            return received.Text;
        });

    public Task SendRequestAsync(ImRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ExchangeReporting.Current.StepAsync($"send {request.Type}", async () =>
        {
            var json = request.ToJson();
            ExchangeReporting.Current.AttachFrame($"sent {request.Type}", json);
            Clock.Sent(UserId, request.From, request.Msg);
            await _client.SendAsync(json, cancellationToken).ConfigureAwait(false);
            return true;
        });
    }

    /// <summary>Asks for the partner of this connection's user and returns the server's answer (the teacher id, on success).</summary>
    public async Task<ImFrame> MatchAsync(CancellationToken cancellationToken = default)
    {
        await SendRequestAsync(ImRequest.MatchFor(UserId), cancellationToken).ConfigureAwait(false);
        return await ReceiveAsync(frame => !frame.IsChat, "the match reply", [ContractOperations.SendMatch], cancellationToken).ConfigureAwait(false);
    }

    public Task SendNormalAsync(string to, string msg, CancellationToken cancellationToken = default) =>
        SendRequestAsync(ImRequest.NormalMessage(UserId, to, msg), cancellationToken);

    /// <summary>The server's own answer to the last request, whatever it was: the first frame that is not a chat message.</summary>
    public Task<ImFrame> ReceiveReplyAsync(string what, CancellationToken cancellationToken = default) =>
        ReceiveAsync(frame => !frame.IsChat, what, [ContractOperations.SendMatch, ContractOperations.SendNormal, ContractOperations.SendUnreadableFrame], cancellationToken);

    /// <summary>The answer to a normal message: a receipt, or its refusal.</summary>
    public Task<ImFrame> ReceiveReceiptAsync(CancellationToken cancellationToken = default) =>
        ReceiveAsync(frame => !frame.IsChat, "the receipt", [ContractOperations.SendNormal], cancellationToken);

    /// <summary>The teacher's reply: the first chat message (type normal, not from system), whoever it claims to be from.</summary>
    public Task<ImFrame> ReceiveTeacherReplyAsync(CancellationToken cancellationToken = default) =>
        ReceiveAsync(frame => frame.IsChat, "the teacher's reply (type normal, not from system)",
            [ContractOperations.ReceiveTeacherPush, ContractOperations.ReceiveRelayedChat], cancellationToken);

    /// <summary>In the teacher's seat: the customer's message, as the customer sent it.</summary>
    public Task<ImFrame> ReceiveCustomerMessageAsync(CancellationToken cancellationToken = default) =>
        ReceiveChatAsync("the customer's message (type normal, not from system)", cancellationToken);

    /// <summary>A chat message passed on from a person: the customer to the seat, or the seat to the customer.</summary>
    public Task<ImFrame> ReceiveChatAsync(string what, CancellationToken cancellationToken = default) =>
        ReceiveAsync(frame => frame.IsChat, what, [ContractOperations.ReceiveRelayedChat], cancellationToken);

    /// <summary>
    /// The first frame that matches, within the receive timeout; others stay in the inbox. With a contract, the frame
    /// is checked against the messages of <paramref name="operations"/> (their replies, or what they push).
    /// </summary>
    public Task<ImFrame> ReceiveAsync(Func<ImFrame, bool> predicate, string what, IReadOnlyList<string> operations, CancellationToken cancellationToken = default) =>
        ReceiveAsync(predicate, what, operations, ReceiveTimeout, cancellationToken);

    /// <summary>As <see cref="ReceiveAsync(Func{ImFrame, bool}, string, IReadOnlyList{string}, CancellationToken)"/>, waiting up to <paramref name="timeout"/>.</summary>
    public Task<ImFrame> ReceiveAsync(Func<ImFrame, bool> predicate, string what, IReadOnlyList<string> operations, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(operations);
        return PickAsync(predicate, what, timeout, frame => Checked(frame, operations), cancellationToken);
    }

    /// <summary>
    /// The first frame that matches, within <paramref name="timeout"/>, checked only for being some message of the
    /// contract (for a step that expects no operation in particular, as a scenario's steps do).
    /// </summary>
    public Task<ImFrame> ReceiveMatchingAsync(Func<ImFrame, bool> predicate, string what, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        ReceiveMatchingAsync(predicate, what, timeout, within: null, cancellationToken);

    /// <summary>As the other overload; <paramref name="within"/>, when given, is the frame's budget instead of the environment's.</summary>
    public Task<ImFrame> ReceiveMatchingAsync(Func<ImFrame, bool> predicate, string what, TimeSpan timeout, TimeSpan? within, CancellationToken cancellationToken = default) =>
        PickAsync(predicate, what, timeout,
            frame => _contract is { } contract ? frame with { Conformance = FrameConformance.CheckAnyMessage(contract, frame.Raw) } : frame, cancellationToken, within);

    /// <summary>Whatever frame arrives within <paramref name="window"/>, or null if the server stays quiet: how a case checks that nothing comes.</summary>
    public Task<ImFrame?> TryReceiveWithinAsync(TimeSpan window, CancellationToken cancellationToken = default) =>
        ExchangeReporting.Current.StepAsync($"expect no frame for {window.TotalSeconds:0.###} s", async () =>
        {
            if (await _client.TryReceiveFrameAsync(static _ => true, "any frame", window, cancellationToken).ConfigureAwait(false) is not { } received)
            {
                return null;
            }

            ExchangeReporting.Current.AttachFrame("unexpected frame", received.Text);
            return Timed(ImFrame.Parse(received.Text), received.ArrivedAt, within: null);
        });

    public ValueTask DisposeAsync() => _client.DisposeAsync();

    // The first frame that matches, as a step of the report; others stay in the inbox. Each waiting frame is parsed once
    // per look, and the one picked is returned as parsed, checked by the step's own rule.
    private Task<ImFrame> PickAsync(
        Func<ImFrame, bool> predicate, string what, TimeSpan timeout, Func<ImFrame, ImFrame> check, CancellationToken cancellationToken, TimeSpan? within = null)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return ExchangeReporting.Current.StepAsync($"receive {what}", async () =>
        {
            ImFrame? picked = null;
            var received = await _client.ReceiveFrameAsync(raw =>
            {
                var frame = ImFrame.Parse(raw);
                if (!predicate(frame))
                {
                    return false;
                }

                picked = frame;
                return true;
            }, what, timeout, cancellationToken).ConfigureAwait(false);
            ExchangeReporting.Current.AttachFrame(what, received.Text);
            // The client returns the first frame the predicate accepted, and the predicate kept it as parsed.
            return check(Timed(picked!, received.ArrivedAt, within));
        });
    }

    // The frame with its latency from the send that caused it, which the running step also shows.
    private ImFrame Timed(ImFrame frame, long arrivedAt, TimeSpan? within)
    {
        if (Clock.Time(UserId, frame, arrivedAt, within) is not { } timing)
        {
            return frame with { ArrivedAt = arrivedAt };
        }

        ExchangeReporting.Current.AddParameter("latency", timing.ToString());
        return frame with { Timing = timing, ArrivedAt = arrivedAt };
    }

    // The step checks the frame it picked against the messages it expects and hands the outcome on as data;
    // the assertions read it, and only a frame that fits none of them pays for the details.
    private ImFrame Checked(ImFrame frame, IReadOnlyList<string> operations)
    {
        if (_contract is not { } contract || operations.Count == 0)
        {
            return frame;
        }

        var expected = operations.SelectMany(contract.ExpectedFrom).Distinct(StringComparer.Ordinal).ToList();
        return frame with { Conformance = FrameConformance.Check(contract, frame.Raw, expected) };
    }
}
