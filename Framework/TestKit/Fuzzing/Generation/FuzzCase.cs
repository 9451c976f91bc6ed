using CsCheck;
using ImServerTests.TestKit.Fuzzing.Frames;

namespace ImServerTests.TestKit.Fuzzing.Generation;

/// <summary>Who speaks in a step: the customer, the other customer, the customer's older connection, a person in either teacher's seat, or a user with a teacher-like id that has no partner.</summary>
public enum Speaker
{
    Customer,
    OtherCustomer,
    CustomerOlderConnection,
    Seat,
    OtherSeat,
    TeacherLike,
}

/// <summary>One step of a generated conversation.</summary>
public abstract record CaseStep;

/// <summary>A speaker sends a frame; a speaker not yet connected connects first (a seat takes its customer's teacher's seat).</summary>
public sealed record Speak(Speaker Speaker, FrameTemplate Frame) : CaseStep
{
    public override string ToString() => $"{Speaker} sends {Frame.Kind}";
}

/// <summary>A customer connects again with its id; its older connection stays open, as on the real server.</summary>
public sealed record Reconnect(bool Other) : CaseStep
{
    public override string ToString() => $"{(Other ? "the other customer" : "the customer")} connects again";
}

/// <summary>A person opens a connection with a customer's teacher id (another one, if the seat is taken already).</summary>
public sealed record TakeSeat(bool Other) : CaseStep
{
    public override string ToString() => $"a person takes the seat of {(Other ? "the other customer's" : "the customer's")} teacher";
}

/// <summary>A generated conversation: steps in order. CsCheck shrinks it to fewer steps and smaller frames.</summary>
public sealed record FuzzCase(IReadOnlyList<CaseStep> Steps)
{
    public override string ToString() => string.Join(Environment.NewLine, Steps.Select((s, i) => $"{i + 1}. {s}"));

    /// <summary>Conversations of one to <paramref name="maxSteps"/> steps over <paramref name="frames"/>: mostly frames, now and then a reconnect or a person taking a seat.</summary>
    public static Gen<FuzzCase> Generator(FrameGenerators frames, int maxSteps = 12)
    {
        ArgumentNullException.ThrowIfNull(frames);
        var speaker = Gen.Frequency(
            (6, Gen.Const(Speaker.Customer)), (2, Gen.Const(Speaker.Seat)), (2, Gen.Const(Speaker.OtherCustomer)),
            (1, Gen.Const(Speaker.CustomerOlderConnection)), (1, Gen.Const(Speaker.OtherSeat)), (1, Gen.Const(Speaker.TeacherLike)));
        var step = Gen.Frequency(
            (12, Gen.Select(speaker, frames.Any, (who, frame) => (CaseStep)new Speak(who, frame))),
            (1, Gen.Bool.Select(other => (CaseStep)new Reconnect(other))),
            (1, Gen.Bool.Select(other => (CaseStep)new TakeSeat(other))));
        return step.Array[1, maxSteps].Select(steps => new FuzzCase(steps));
    }
}
