using System.Text;
using System.Text.Json.Nodes;
using ImServerTests.Server.Conversation;
using ImServerTests.Server.Protocol;

namespace ImServerTests.Server.Faults;

/// <summary>
/// Applies the one selected fault at the few points of the conversation where a real defect would sit:
/// the shape of a frame, its encoding, and a handful of behaviour switches. With no fault it changes nothing.
/// </summary>
public sealed class FaultInjector
{
    private static readonly TimeSpan LateReply = TimeSpan.FromSeconds(60);
    private readonly string? _fault;
    private long _counter;

    public FaultInjector(string? fault)
    {
        if (fault is not null && FaultCatalogue.Find(fault) is null)
        {
            throw new ArgumentException(
                $"unknown fault '{fault}'; known faults: {string.Join(", ", FaultCatalogue.All.Select(f => f.Name))}",
                nameof(fault));
        }

        _fault = fault;
    }

    public bool IsActive => _fault is not null;

    private bool Is(string name) => string.Equals(_fault, name, StringComparison.Ordinal);

    public bool IgnoresUnreadableFrames => Is(FaultCatalogue.BadJsonIgnored);
    public bool IgnoresMissingFields => Is(FaultCatalogue.MissingFieldIgnored);
    public bool AcceptsEmptyMessage => Is(FaultCatalogue.EmptyAccepted);
    public bool AcceptsWrongTeacher => Is(FaultCatalogue.WrongTeacherAccepted);
    public bool AnswersUnknownType => Is(FaultCatalogue.UnknownTypeAnswered);
    public bool ClosesAfterError => Is(FaultCatalogue.ErrorClosesConnection);
    public bool DropsOnNormal => Is(FaultCatalogue.DropMidConversation);
    public bool NeverAnswers => Is(FaultCatalogue.Silent);
    public bool ClosesOnConnect => Is(FaultCatalogue.CloseOnConnect);
    public bool ReplyBeforeReceipt => Is(FaultCatalogue.ReplyBeforeReceipt);

    /// <summary>The teacher's think time: null means the teacher never replies.</summary>
    public TimeSpan? ThinkTime(ThinkTime configured) =>
        _fault switch
        {
            FaultCatalogue.TeacherSilent => null,
            FaultCatalogue.TeacherLate => LateReply,
            FaultCatalogue.RealThinkTime => Conversation.ThinkTime.RealServer.Next(),
            _ => configured.Next(),
        };

    /// <summary>Bends a frame before it is sent; null suppresses it.</summary>
    public ServerFrame? Bend(ServerFrame frame)
    {
        var isError = frame.Kind is FrameKind.ErrorReply or FrameKind.EmptyMessageReceipt;
        var isSuccess = frame.Code == ServerFrame.Success;
        return _fault switch
        {
            FaultCatalogue.MatchRefused when frame.Kind == FrameKind.MatchReply => frame with { Code = ServerFrame.Failure },
            FaultCatalogue.MatchNoTeacher when frame.Kind == FrameKind.MatchReply => frame with { Msg = "" },
            FaultCatalogue.MatchWrongTeacher when frame.Kind == FrameKind.MatchReply => frame with { Msg = Sessions.SessionRegistry.NewTeacherId() },
            FaultCatalogue.MatchWrongType when frame.Kind == FrameKind.MatchReply => frame with { Type = MessageTypes.Receipt },
            FaultCatalogue.ErrorCodeZero when isError => frame with { Code = ServerFrame.Success },
            FaultCatalogue.ErrorWrongType when isError => frame with { Type = MessageTypes.Normal },
            FaultCatalogue.ReceiptMissing when frame.Kind == FrameKind.Receipt => null,
            FaultCatalogue.ReceiptFailed when frame.Kind == FrameKind.Receipt => frame with { Code = ServerFrame.Failure },
            FaultCatalogue.ReceiptWrongText when frame.Kind == FrameKind.Receipt => frame with { Msg = "push ok" },
            FaultCatalogue.TeacherWrongText when frame.Kind == FrameKind.TeacherPush && frame.Msg == TeacherScript.Greeting =>
                frame with { Msg = "你好,有什么可以帮你?" },
            FaultCatalogue.TeacherImpostor when frame.Kind == FrameKind.TeacherPush => frame with { From = Sessions.SessionRegistry.NewTeacherId() },
            FaultCatalogue.EmptyWrongText when frame.Kind == FrameKind.EmptyMessageReceipt => frame with { Msg = "消息不能为空" },
            FaultCatalogue.MsgIdNotUuid => frame with { MsgId = Interlocked.Increment(ref _counter).ToString(System.Globalization.CultureInfo.InvariantCulture) },
            FaultCatalogue.TimestampSeconds => frame with { Timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture) },
            FaultCatalogue.TimestampNotEpoch => frame with { Timestamp = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture) },
            FaultCatalogue.FromNotSystem when frame.From == ServerFrame.System => frame with { From = "server" },
            FaultCatalogue.ToSomeoneElse => frame with { To = "someone-else" },
            _ when isSuccess && Is(FaultCatalogue.SuccessCodeMissing) => frame with { Code = "" },
            _ => frame,
        };
    }

    /// <summary>Encodes a frame, breaking its schema where the fault says so.</summary>
    public byte[] Encode(ServerFrame frame)
    {
        var utf8 = FrameWriter.ToUtf8(frame);
        switch (_fault)
        {
            case FaultCatalogue.NonJsonFrame when frame.Kind == FrameKind.Receipt:
                return Encoding.UTF8.GetBytes(frame.Msg);
            case FaultCatalogue.CodeAsNumber:
            case FaultCatalogue.MsgIdMissing:
            case FaultCatalogue.SuccessCodeMissing when frame.Code.Length == 0:
                var json = JsonNode.Parse(utf8)!.AsObject();
                if (Is(FaultCatalogue.CodeAsNumber))
                {
                    json["code"] = int.Parse(frame.Code, System.Globalization.CultureInfo.InvariantCulture);
                }
                else
                {
                    json.Remove(Is(FaultCatalogue.MsgIdMissing) ? "msgId" : "code");
                }

                return Encoding.UTF8.GetBytes(json.ToJsonString(new System.Text.Json.JsonSerializerOptions
                {
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                }));
            default:
                return utf8;
        }
    }
}
