namespace ImServerTests.Server.Faults;

/// <summary>Behaviour switches a fault can turn on, at the points of the conversation where a real defect would sit.</summary>
[Flags]
public enum Quirks
{
    None = 0,
    IgnoresUnreadableFrames = 1 << 0,
    IgnoresMissingFields = 1 << 1,
    AcceptsEmptyMessage = 1 << 2,
    AcceptsWrongTeacher = 1 << 3,
    AnswersUnknownType = 1 << 4,
    ClosesAfterError = 1 << 5,
    DropsOnNormal = 1 << 6,
    NeverAnswers = 1 << 7,
    ClosesOnConnect = 1 << 8,
    ReplyBeforeReceipt = 1 << 9,
    MatchesByFrom = 1 << 10,
    SeatNeverTaken = 1 << 11,
    SwallowsPings = 1 << 12,
    DropsOnClientClose = 1 << 13,
    TakesEachReadAsAMessage = 1 << 14,
    SendsBinaryFrames = 1 << 15,
    TakesUserIdUndecoded = 1 << 16,
    RelaysThroughASharedSlot = 1 << 17,
    StampsWhenConnected = 1 << 18,
}
