using System.Net.WebSockets;
using ImServerTests.Server.Faults;
using ImServerTests.Server.Protocol;
using ImServerTests.Server.Sessions;
using Microsoft.Extensions.Logging;

namespace ImServerTests.Server.Conversation;

/// <summary>
/// The protocol's exchanges: match, normal (receipt, then the teacher's push later) and every error reply.
/// Replies go to the connection that asked; pushes go to the newest connection of the receiving user.
/// </summary>
public sealed class MessageRouter
{
    private readonly SessionRegistry _registry;
    private readonly FaultInjector _faults;
    private readonly ThinkTime _thinkTime;
    private readonly ILogger _log;
    private readonly CancellationToken _stopping;

    public MessageRouter(SessionRegistry registry, FaultInjector faults, ThinkTime thinkTime, ILogger log, CancellationToken stopping)
    {
        _registry = registry;
        _faults = faults;
        _thinkTime = thinkTime;
        _log = log;
        _stopping = stopping;
    }

    public async ValueTask OnMessageAsync(Connection connection, string text)
    {
        if (_faults.NeverAnswers)
        {
            return;
        }

        var parsed = RequestParser.Parse(text);
        if (parsed.Request is not { } request)
        {
            var ignored = parsed.Unreadable ? _faults.IgnoresUnreadableFrames : _faults.IgnoresMissingFields;
            if (!ignored)
            {
                await RefuseAsync(connection, parsed.ErrorReplyType, parsed.Error!).ConfigureAwait(false);
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
                if (_faults.AnswersUnknownType)
                {
                    await RefuseAsync(connection, MessageTypes.Receipt, $"unknown type '{request.Type}'").ConfigureAwait(false);
                }

                break;
        }
    }

    private async ValueTask MatchAsync(Connection connection, ClientRequest request)
    {
        if (!IsConnectionUser(connection, request, out var spoofError))
        {
            await RefuseAsync(connection, MessageTypes.Match, spoofError).ConfigureAwait(false);
            return;
        }

        var teacher = _registry.TeacherOf(request.From);
        if (teacher is null)
        {
            await RefuseAsync(connection, MessageTypes.Match,
                $"no teacher is assigned to '{request.From}': teachers (ids ending in {MessageTypes.TeacherSuffix}) cannot match").ConfigureAwait(false);
            return;
        }

        await SendAsync(connection, ServerFrame.Create(
            FrameKind.MatchReply, ServerFrame.Success, MessageTypes.Match, ServerFrame.System, connection.UserId, teacher)).ConfigureAwait(false);
    }

    private async ValueTask NormalAsync(Connection connection, ClientRequest request)
    {
        if (!IsConnectionUser(connection, request, out var spoofError))
        {
            await RefuseAsync(connection, MessageTypes.Receipt, spoofError).ConfigureAwait(false);
            return;
        }

        if (_faults.DropsOnNormal)
        {
            connection.Close(WebSocketCloseStatus.InternalServerError, "server error");
            return;
        }

        var fromTeacher = MessageTypes.IsTeacher(request.From);
        var partner = fromTeacher ? _registry.CustomerOf(request.From) : _registry.TeacherOf(request.From);
        if (partner is null)
        {
            await RefuseAsync(connection, MessageTypes.Receipt, $"'{request.From}' has no conversation partner").ConfigureAwait(false);
            return;
        }

        if (string.IsNullOrWhiteSpace(request.Msg) && !_faults.AcceptsEmptyMessage)
        {
            await SendAsync(connection, ServerFrame.Create(
                FrameKind.EmptyMessageReceipt, ServerFrame.Failure, MessageTypes.Receipt, ServerFrame.System, connection.UserId,
                MessageTypes.EmptyMessage)).ConfigureAwait(false);
            return;
        }

        if (request.To != partner && !_faults.AcceptsWrongTeacher)
        {
            await RefuseAsync(connection, MessageTypes.Receipt,
                $"'{request.To}' is not paired with '{request.From}': send to '{partner}'").ConfigureAwait(false);
            return;
        }

        var receipt = ServerFrame.Create(
            FrameKind.Receipt, ServerFrame.Success, MessageTypes.Receipt, ServerFrame.System, connection.UserId, MessageTypes.PushSuccess);
        var msg = request.Msg ?? "";
        if (fromTeacher)
        {
            await SendAsync(connection, receipt).ConfigureAwait(false);
            await PushAsync(request.To, FrameKind.TeacherPush, request.From, msg).ConfigureAwait(false);
            return;
        }

        // A teacher that is itself connected (as on the real server) sees the customer's message too.
        await PushAsync(request.To, FrameKind.CustomerPush, request.From, msg).ConfigureAwait(false);
        if (_faults.ReplyBeforeReceipt)
        {
            await PushAsync(request.From, FrameKind.TeacherPush, request.To, TeacherScript.ReplyTo(msg)).ConfigureAwait(false);
            await SendAsync(connection, receipt).ConfigureAwait(false);
            return;
        }

        await SendAsync(connection, receipt).ConfigureAwait(false);
        if (_faults.ThinkTime(_thinkTime) is { } delay)
        {
            _ = ReplyLaterAsync(request.From, request.To, TeacherScript.ReplyTo(msg), delay);
        }
    }

    // The teacher "thinks" on a timer, not on a thread: thousands of pending replies cost nothing.
    private async Task ReplyLaterAsync(string customer, string teacher, string reply, TimeSpan delay)
    {
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, _stopping).ConfigureAwait(false);
            }

            await PushAsync(customer, FrameKind.TeacherPush, teacher, reply).ConfigureAwait(false);
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

    private async ValueTask PushAsync(string to, FrameKind kind, string from, string msg)
    {
        if (_registry.Online(to) is { } target)
        {
            await SendAsync(target, ServerFrame.Create(kind, ServerFrame.Success, MessageTypes.Normal, from, to, msg)).ConfigureAwait(false);
        }
        else if (kind == FrameKind.TeacherPush)
        {
            _log.LogDebug("Dropped a push to {User}: not online", to);
        }
    }

    private async ValueTask RefuseAsync(Connection connection, string type, string error)
    {
        _log.LogDebug("Refused a frame of {User}: {Error}", connection.UserId, error);
        await SendAsync(connection, ServerFrame.Create(
            FrameKind.ErrorReply, ServerFrame.Failure, type, ServerFrame.System, connection.UserId, error)).ConfigureAwait(false);
        if (_faults.ClosesAfterError)
        {
            connection.Close(WebSocketCloseStatus.PolicyViolation, "error");
        }
    }

    private async ValueTask SendAsync(Connection target, ServerFrame frame)
    {
        if (_faults.Bend(frame) is { } bent)
        {
            await target.SendAsync(_faults.Encode(bent)).ConfigureAwait(false);
        }
    }

    // The real server trusts `from`; this one refuses a frame sent in another user's name.
    private static bool IsConnectionUser(Connection connection, ClientRequest request, out string error)
    {
        error = $"'from' is '{request.From}' but this connection belongs to '{connection.UserId}'";
        return string.Equals(request.From, connection.UserId, StringComparison.Ordinal);
    }
}
