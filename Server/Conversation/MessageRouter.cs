using System.Net.WebSockets;
using ImServerTests.Server.Faults;
using ImServerTests.Server.Protocol;
using ImServerTests.Server.Sessions;

namespace ImServerTests.Server.Conversation;

/// <summary>
/// The protocol's exchanges: match, normal (receipt, then the teacher's answer or a relay to the person in the
/// teacher's seat) and every error reply, checked in the error table's order. Replies go to the connection
/// that asked; pushes go to the newest connection of the receiving user.
/// </summary>
public sealed class MessageRouter
{
    private readonly SessionRegistry _registry;
    private readonly Fault _fault;
    private readonly ThinkTime _thinkTime;
    private readonly bool _checkIdentity;
    private readonly ILogger _log;
    private readonly CancellationToken _stopping;
    private readonly Action _stopServer;

    // The message being relayed, in one field for the whole server: only a fault uses it (RelaysThroughASharedSlot).
    private ClientRequest? _relaying;

    /// <summary>The router of a server; <paramref name="stopServer"/> takes that server down (what a fatal crash does).</summary>
    public MessageRouter(SessionRegistry registry, ImServerOptions options, ILogger log, CancellationToken stopping, Action? stopServer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _registry = registry;
        _fault = options.Fault;
        _thinkTime = options.ReplyDelay;
        _checkIdentity = options.CheckIdentity;
        _log = log;
        _stopping = stopping;
        _stopServer = stopServer ?? (static () => { });
    }

    public async ValueTask OnMessageAsync(Connection connection, string text)
    {
        if (_fault.Has(Quirks.NeverAnswers))
        {
            return;
        }

        switch (_fault.Crash(text))
        {
            case InputCrash.EndsConnection:
                _log.LogDebug("{Fault}: the handler of {User} crashed on a request", _fault.Name, connection.UserId);
                connection.Close(WebSocketCloseStatus.InternalServerError, "internal server error");
                return;
            case InputCrash.StopsServer:
                _log.LogDebug("{Fault}: a request of {User} takes the server down", _fault.Name, connection.UserId);
                _stopServer();
                return;
        }

        var parsed = RequestParser.Parse(text);
        if (parsed.Request is not { } request)
        {
            var ignored = parsed.Row switch
            {
                ErrorRow.BlankFrame or ErrorRow.Unreadable => _fault.Has(Quirks.IgnoresUnreadableFrames),
                _ => _fault.Has(Quirks.IgnoresMissingFields),
            };
            if (!ignored)
            {
                await RefuseAsync(connection, parsed.Row, "", parsed.Error!).ConfigureAwait(false);
            }

            return;
        }

        switch (request.Type)
        {
            case MessageTypes.Match:
                await MatchAsync(connection, request).ConfigureAwait(false);
                break;
            case MessageTypes.Normal:
                await NormalAsync(connection, request).ConfigureAwait(false);
                break;
            default:
                _log.LogDebug("No reply to {User}: unknown type '{Type}'", connection.UserId, request.Type);
                if (_fault.Has(Quirks.AnswersUnknownType))
                {
                    await RefuseAsync(connection, ErrorRow.Unreadable, request.Type, $"unknown type '{request.Type}'").ConfigureAwait(false);
                }

                break;
        }
    }

    // The real server answers for the connection's own user, whatever non-blank from the request names.
    private async ValueTask MatchAsync(Connection connection, ClientRequest request)
    {
        if (_checkIdentity && request.From != connection.UserId)
        {
            await RefuseAsync(connection, ErrorRow.NotYourName, request.Type, NotYourName(connection, request)).ConfigureAwait(false);
            return;
        }

        var user = _fault.Has(Quirks.MatchesByFrom) ? request.From : connection.UserId;
        if (_registry.PartnerOf(user) is not { } partner)
        {
            await RefuseAsync(connection, ErrorRow.MatchWithoutPartner, request.Type,
                $"'{user}' has no partner: teachers (ids ending in {MessageTypes.TeacherSuffix}) have one only while their customer is connected").ConfigureAwait(false);
            return;
        }

        await SendAsync(connection, ServerFrame.Create(
            FrameKind.MatchReply, ServerFrame.Success, MessageTypes.Match, ServerFrame.System, connection.UserId, partner)).ConfigureAwait(false);
    }

    // Judged by the from/to pairing, not by which connection sent it, as the real server does.
    private async ValueTask NormalAsync(Connection connection, ClientRequest request)
    {
        if (_checkIdentity && request.From != connection.UserId)
        {
            await RefuseAsync(connection, ErrorRow.NotYourName, request.Type, NotYourName(connection, request)).ConfigureAwait(false);
            return;
        }

        if (_fault.Has(Quirks.DropsOnNormal))
        {
            connection.Close(WebSocketCloseStatus.InternalServerError, "server error");
            return;
        }

        if (string.IsNullOrWhiteSpace(request.Msg) && !_fault.Has(Quirks.AcceptsEmptyMessage))
        {
            await RefuseAsync(connection, ErrorRow.EmptyMessage, request.Type, MessageTypes.EmptyMessage).ConfigureAwait(false);
            return;
        }

        var pairing = _registry.PairingOf(request.From);
        if (pairing is null)
        {
            await RefuseAsync(connection, ErrorRow.NoPartner, request.Type, $"'{request.From}' has no conversation partner").ConfigureAwait(false);
            return;
        }

        var partner = pairing.PartnerOf(request.From);
        if (request.To != partner && !_fault.Has(Quirks.AcceptsWrongTeacher))
        {
            await RefuseAsync(connection, ErrorRow.NotPaired, request.Type,
                $"'{request.To}' is not paired with '{request.From}': send to '{partner}'").ConfigureAwait(false);
            return;
        }

        var receipt = ServerFrame.Create(
            FrameKind.Receipt, ServerFrame.Success, MessageTypes.Receipt, ServerFrame.System, connection.UserId, MessageTypes.PushSuccess);
        var fromCustomer = request.From == pairing.Customer;
        var toSeat = fromCustomer && pairing.SeatTaken && !_fault.Has(Quirks.SeatNeverTaken);
        if (!fromCustomer || toSeat)
        {
            if (_fault.Has(Quirks.RelaysThroughASharedSlot))
            {
                await RelayThroughSharedSlotAsync(connection, receipt, request).ConfigureAwait(false);
                return;
            }

            // A person (in the teacher's seat, or the customer answering it): pass the message on as written.
            await SendAsync(connection, receipt).ConfigureAwait(false);
            await PushAsync(request.To, ServerFrame.Relay(request)).ConfigureAwait(false);
            return;
        }

        var answer = TeacherScript.ReplyTo(request.Msg ?? "");
        if (_fault.Has(Quirks.ReplyBeforeReceipt))
        {
            await PushAsync(request.From, BotReply(request.To, request.From, answer)).ConfigureAwait(false);
            await SendAsync(connection, receipt).ConfigureAwait(false);
            return;
        }

        await SendAsync(connection, receipt).ConfigureAwait(false);
        if (_fault.ThinkTime(_thinkTime) is { } delay)
        {
            _ = ReplyLaterAsync(request.From, request.To, answer, delay);
        }
    }

    // The message waits in the server's one slot while its receipt is written; meanwhile another connection's message
    // may take the slot, and the relay pushes whatever the slot holds then.
    private async ValueTask RelayThroughSharedSlotAsync(Connection connection, ServerFrame receipt, ClientRequest request)
    {
        _relaying = request;
        await SendAsync(connection, receipt).ConfigureAwait(false);
        await Task.Yield(); // writing the receipt gives other connections' handlers their turn, as a socket write would
        var relayed = _relaying ?? request;
        await PushAsync(relayed.To, ServerFrame.Relay(relayed)).ConfigureAwait(false);
    }

    private static ServerFrame BotReply(string teacher, string customer, string answer) =>
        ServerFrame.Create(FrameKind.BotReply, ServerFrame.Success, MessageTypes.Normal, teacher, customer, answer);

    // The teacher "thinks" on a timer, not on a thread: thousands of pending replies cost nothing.
    private async Task ReplyLaterAsync(string customer, string teacher, string answer, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _stopping).ConfigureAwait(false);
            }

            await PushAsync(customer, BotReply(teacher, customer, answer)).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping; the reply is no longer owed.
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "Teacher {Teacher} could not reply to {Customer}", teacher, customer);
        }
    }

    private async ValueTask PushAsync(string to, ServerFrame frame)
    {
        if (_registry.Online(to) is { } target)
        {
            await SendAsync(target, frame).ConfigureAwait(false);
        }
        else
        {
            _log.LogDebug("Dropped a push to {User}: not online", to);
        }
    }

    private async ValueTask RefuseAsync(Connection connection, ErrorRow row, string requestType, string error)
    {
        _log.LogDebug("Refused a frame of {User} ({Row}): {Error}", connection.UserId, row, error);
        var refusal = ServerFrame.Create(
            FrameKind.Refusal, ServerFrame.Failure, ErrorRows.ReplyType(row, requestType), ServerFrame.System, connection.UserId, error) with
        { Row = row };
        await SendAsync(connection, refusal).ConfigureAwait(false);
        if (_fault.Has(Quirks.ClosesAfterError))
        {
            connection.Close(WebSocketCloseStatus.PolicyViolation, "error");
        }
    }

    private async ValueTask SendAsync(Connection target, ServerFrame frame)
    {
        if (_fault.Has(Quirks.StampsWhenConnected) && frame.Kind != FrameKind.Relay)
        {
            frame = frame with { Timestamp = target.ConnectedAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        if (_fault.Encode(frame) is not { } bytes)
        {
            return;
        }

        var copies = _fault.Copies(frame);
        var delay = _fault.Delay(frame);
        if (delay > TimeSpan.Zero)
        {
            _ = SendLaterAsync(target, frame, bytes, copies, delay);
            return;
        }

        await SendCopiesAsync(target, bytes, copies).ConfigureAwait(false);
    }

    // A late frame waits on a timer, not in the handler: the connection's next request is answered meanwhile.
    private async Task SendLaterAsync(Connection target, ServerFrame frame, byte[] bytes, int copies, TimeSpan delay)
    {
        try
        {
            await Task.Delay(delay, _stopping).ConfigureAwait(false);
            await SendCopiesAsync(target, bytes, copies).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping; the frame is no longer owed.
        }
        catch (Exception e)
        {
            _log.LogWarning(e, "A late {Kind} frame for {User} could not be sent", frame.Kind, target.UserId);
        }
    }

    private static async ValueTask SendCopiesAsync(Connection target, byte[] bytes, int copies)
    {
        for (var i = 0; i < copies; i++)
        {
            await target.SendAsync(bytes).ConfigureAwait(false);
        }
    }

    private static string NotYourName(Connection connection, ClientRequest request) =>
        $"'from' is '{request.From}' but this connection belongs to '{connection.UserId}'";
}
