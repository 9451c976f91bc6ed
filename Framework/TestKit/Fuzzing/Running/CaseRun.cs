using System.Diagnostics;
using System.Text;
using ImServerTests.Api;
using ImServerTests.Api.Timing;
using ImServerTests.Client;
using ImServerTests.Shared;
using ImServerTests.TestKit.Fuzzing.Frames;
using ImServerTests.TestKit.Fuzzing.Generation;
using ImServerTests.TestKit.Fuzzing.Model;

namespace ImServerTests.TestKit.Fuzzing.Running;

/// <summary>The server cannot be reached when a case starts, so the case cannot be judged.</summary>
public sealed class ServerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Plays one fuzz case against the server and checks every property at every step. Each step is settled before the
/// next: the sender's replies are read up to a match round trip of its own (which also proves the connection still
/// works), after a marker frame when the protocol leaves the reply open; every relay's receiver is settled the same
/// way; so every frame any connection gets is accounted for, and one nobody owed is a failure. A sentinel
/// conversation exchanges a message each way after every step. A broken property ends the case with a
/// <see cref="FuzzFailure"/> that carries the step, the transcripts and the case as a regression scenario.
/// </summary>
internal sealed class CaseRun
{
    /// <summary>A teacher id nobody has: what a teacher-like user, who has no partner, addresses as its partner.</summary>
    private const string NobodysTeacher = "00000000000000000000000000000000__mtx";

    private readonly FuzzTarget _target;
    private readonly int _maxChars;
    private readonly PropertyTally _tally;
    private readonly CancellationToken _stop;
    private readonly SendClock _clock;
    private readonly Cast _cast;
    private readonly ScenarioTrail _trail = new();
    private Sentinel? _sentinel;
    private StepWindow? _step;
    private int _stepIndex;

    private CaseRun(FuzzTarget target, PropertyTally tally, CancellationToken stop)
    {
        _target = target;
        _maxChars = target.Server.Settings.Server.MaxMessageChars;
        _tally = tally;
        _stop = stop;
        _clock = target.Server.NewClock();
        _cast = new Cast(target.Server.NewUserId(), target.Server.NewUserId());
    }

    /// <summary>Plays <paramref name="fuzzCase"/>; a broken property is a <see cref="FuzzFailure"/>, a server that cannot be reached at the start a <see cref="ServerUnavailableException"/>.</summary>
    public static async Task PlayAsync(FuzzTarget target, FuzzCase fuzzCase, PropertyTally tally, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(fuzzCase);
        var run = new CaseRun(target, tally, stop);
        try
        {
            await run.RunAsync(fuzzCase).ConfigureAwait(false);
        }
        catch (FuzzFailure failure) when (failure.Case is null)
        {
            throw run.Located(fuzzCase, failure.Property, failure.Message);
        }
        catch (Exception e) when (e is not (FuzzFailure or ServerUnavailableException or OperationCanceledException))
        {
            throw run.Located(fuzzCase, FuzzProperty.Protocol, $"the case could not be played on: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await run.DisposeAsync().ConfigureAwait(false);
        }
    }

    private FuzzFailure Located(FuzzCase fuzzCase, FuzzProperty property, string message) => new(property, message)
    {
        Step = _stepIndex,
        Case = fuzzCase,
        Scenario = _trail.Scenario("A fuzz case", message),
        Transcripts = Transcripts(),
    };

    private async Task RunAsync(FuzzCase fuzzCase)
    {
        try
        {
            _sentinel = await Sentinel.StartAsync(_target, _tally, _stop).ConfigureAwait(false);
        }
        catch (WebSocketClientException e)
        {
            throw new ServerUnavailableException($"the server at {_target.BaseUrl} cannot start a conversation: {e.Message}", e);
        }

        for (var i = 0; i < fuzzCase.Steps.Count; i++)
        {
            _stepIndex = i + 1;
            try
            {
                await StepAsync(fuzzCase.Steps[i]).ConfigureAwait(false);
            }
            catch (CaseEnded)
            {
                // A frame whose answer is anything but a dead server closed a connection: the server must still be up.
                _step = null;
                await SentinelAsync(() => _sentinel.RoundAsync(_stop)).ConfigureAwait(false);
                await ServerStaysUpAsync("after a frame whose answer the protocol leaves open closed a connection").ConfigureAwait(false);
                return;
            }

            _step = null;
            await SentinelAsync(() => _sentinel.RoundAsync(_stop)).ConfigureAwait(false);
        }

        _stepIndex = 0;
        await FinishAsync().ConfigureAwait(false);
    }

    private Task StepAsync(CaseStep step) => step switch
    {
        Speak speak => SpeakAsync(speak),
        Reconnect reconnect => ConnectCustomerAsync(reconnect.Other ? 1 : 0),
        TakeSeat seat => TakeSeatAsync(seat.Other ? 1 : 0),
        _ => throw new InvalidOperationException($"a step of kind {step.GetType().Name} cannot be played"),
    };

    private async Task SpeakAsync(Speak speak)
    {
        var line = await SpeakerAsync(speak.Speaker).ConfigureAwait(false);
        var situation = _cast.SituationOf(line);
        string Id(IdRef id) => IdOf(id, line, situation);
        var frame = speak.Frame.Resolve(Id, _maxChars);
        var readings = FrameReadings.Of(frame);
        var expectation = ProtocolRules.Expect(situation, readings);
        var targets = expectation.Outcomes.Select(o => o.Relay?.To).OfType<string>().Distinct(StringComparer.Ordinal)
            .Select(_cast.NewestOf).OfType<Line>().Where(t => t != line).ToList();
        Record(line, speak.Frame.Named(frame, id => _trail.Templated(Id(id))), expectation, targets);

        _step = new StepWindow(line, frame, expectation, targets);
        var sentAt = Stopwatch.GetTimestamp();

        // Owed before the send: the teacher may answer while the step is being settled.
        var owed = expectation.AnythingGoes || !expectation.Outcomes.Any(o => o.TeacherAnswers)
            ? Owe(line, situation, frame, sentAt, required: false, expectation.AnythingGoes)
            : Owe(line, situation, frame, sentAt, required: expectation.Outcomes.All(o => o.TeacherAnswers), anything: true);
        await SendAsync(line, frame.Text).ConfigureAwait(false);
        var isMatch = readings.Readings.OfType<RequestReading>().Any(r => r["type"] is { Value: Protocol.Match });
        var replies = await SettleSenderAsync(line, expectation, isMatch).ConfigureAwait(false);
        foreach (var target in targets)
        {
            await SettleAsync(target).ConfigureAwait(false);
        }

        Judge(_step, replies, owed);
    }

    // What the protocol allows, against what came: a reply that fits, then a relay that fits; the teacher's answer is owed.
    private void Judge(StepWindow step, List<ImFrame> replies, OwedAnswer? owed)
    {
        var line = step.Sender;
        if (step.Expectation.AnythingGoes)
        {
            return;
        }

        var fitting = step.Expectation.Outcomes.Where(o => o.Reply is null ? replies.Count == 0 : replies.Count == 1 && o.Reply.Fits(replies[0], line.User)).ToList();
        _tally.Checked(FuzzProperty.Protocol);
        if (fitting.Count == 0)
        {
            throw new FuzzFailure(FuzzProperty.Protocol,
                $"{line} sent {step.Frame.Kind}: {Shown(step.Frame.Text)}{Environment.NewLine}the protocol allows {step.Expectation}{Environment.NewLine}"
                + $"it got {(replies.Count == 0 ? "no reply" : string.Join(" then ", replies.Select(r => r.Raw)))}");
        }

        foreach (var (reply, shape) in replies.Zip(fitting.Select(o => o.Reply).OfType<ReplyShape>()))
        {
            _tally.Checked(FuzzProperty.Contract);
            if (_target.Server.Contract.Conforming(reply.Raw, shape.ContractMessages).Count == 0)
            {
                throw new FuzzFailure(FuzzProperty.Contract, $"{line} got {reply.Raw} for {step.Frame.Kind}: {shape} conforms to none of the contract's {string.Join(", ", shape.ContractMessages)}");
            }
        }

        var relayed = fitting.Where(o => o.Relay is null ? step.Relayed.Count == 0 : step.Relayed.Count == 1 && Carries(step.Relayed[0].Frame, o.Relay) && step.Relayed[0].Line.User == o.Relay.To).ToList();
        _tally.Checked(FuzzProperty.Relay);
        if (relayed.Count == 0)
        {
            var due = fitting.Select(o => o.Relay?.ToString() ?? "no relay").Distinct(StringComparer.Ordinal);
            throw new FuzzFailure(FuzzProperty.Relay,
                $"{line} sent {step.Frame.Kind}: {Shown(step.Frame.Text)}{Environment.NewLine}due: {string.Join(", or ", due)}{Environment.NewLine}"
                + $"relayed: {(step.Relayed.Count == 0 ? "nothing" : string.Join(", ", step.Relayed.Select(r => $"to {r.Line}: {r.Frame.Raw}")))}");
        }

        if (owed is not null && relayed.All(o => o.TeacherAnswers))
        {
            // What came says the message was delivered to the bot teacher. An answer that came while the step settled
            // (before its receipt, which is legal) may have been taken for an earlier message's that only might come:
            // it was this one's, and the earlier one's may still come.
            if (_cast.Owed.Contains(owed) && step.Answered.FirstOrDefault(a => a != owed && !a.Required && a.Customer == owed.Customer && a.Teacher == owed.Teacher) is { } taken)
            {
                _cast.Owed.Remove(owed);
                _cast.Owed.Add(taken);
            }
            else
            {
                owed.Required = true;
            }
        }
    }

    // An answer the bot teacher may owe for this frame (when <paramref name="anything"/> says it may); the greeting is
    // checked only where the protocol says for sure that it answers.
    private OwedAnswer? Owe(Line line, Situation situation, Frame frame, long sentAt, bool required, bool anything)
    {
        if (!anything || line.Role != Role.Customer || situation.Partner is null)
        {
            return null;
        }

        var msg = FrameReadings.Of(frame).Readings.OfType<RequestReading>().Select(r => r["msg"]).FirstOrDefault();
        var greeting = required && msg is { Exact: true } text && text.Value.Contains("你好", StringComparison.Ordinal)
            && !text.Value.Contains("再见", StringComparison.Ordinal) && !text.Value.Contains("bye", StringComparison.OrdinalIgnoreCase);
        var owed = new OwedAnswer(line.User, situation.Partner, sentAt, greeting) { Required = required };
        _cast.Owed.Add(owed);
        return owed;
    }

    // A relayed frame carries each field its sender gave, decoded equal (a value of another kind: as the server forms it),
    // and none of the protocol's fields its sender did not give (a JSON null stands for one left out).
    private static bool Carries(ImFrame relay, RelayShape shape) =>
        Protocol.FrameFields.All(name => shape.Fields.TryGetValue(name, out var value)
            ? value.Exact ? relay.Field(name) == value.Value : relay.Fields.ContainsKey(name)
            : relay.Field(name) is null or "null");

    private async Task<List<ImFrame>> SettleSenderAsync(Line line, Expectation expectation, bool isMatch)
    {
        var open = expectation.ReplyIsOpen;
        var marker = open && (expectation.Outcomes.Any(o => o.Reply is { Type: null or Protocol.Match }) || (expectation.AnythingGoes && isMatch));
        if (marker)
        {
            await SendAsync(line, new ImRequest(Protocol.Normal, line.User, Protocol.System, "", null).ToJson()).ConfigureAwait(false);
        }

        await SendAsync(line, ImRequest.MatchFor(line.User).ToJson()).ConfigureAwait(false);
        var count = open ? -1 : expectation.Outcomes[0].Reply is null ? 0 : 1;
        var replies = new List<ImFrame>();
        var markerSeen = false;
        while (true)
        {
            var frame = await NextAsync(line, FuzzProperty.StillWorks, lenient: expectation.AnythingGoes && (marker ? !markerSeen : true)).ConfigureAwait(false);
            if (frame.IsChat)
            {
                OnChat(line, frame);
                continue;
            }

            if (!open)
            {
                if (replies.Count < count)
                {
                    replies.Add(frame);
                    continue;
                }

                StillWorks(line, frame);
                return replies;
            }

            if (marker && !markerSeen && ReplyShape.Refused(Refusal.EmptyMessage).Fits(frame, line.User))
            {
                markerSeen = true;
            }
            else if ((marker && markerSeen) || (!marker && frame.Type == Protocol.Match))
            {
                StillWorks(line, frame);
                return replies;
            }
            else if (replies.Count < 3)
            {
                replies.Add(frame);
            }
            else
            {
                throw new FuzzFailure(FuzzProperty.Protocol, $"{line} got more answers than a frame and a match round trip can get: {string.Join(" then ", replies.Append(frame).Select(r => r.Raw))}");
            }
        }
    }

    // A match round trip on a connection that did not speak: its answer must come next, with nothing but chat before it.
    private async Task SettleAsync(Line line)
    {
        await SendAsync(line, ImRequest.MatchFor(line.User).ToJson()).ConfigureAwait(false);
        var lenient = _step is { Expectation.AnythingGoes: true };
        while (true)
        {
            var frame = await NextAsync(line, FuzzProperty.OthersUndisturbed, lenient).ConfigureAwait(false);
            if (frame.IsChat)
            {
                OnChat(line, frame);
                continue;
            }

            if (!MatchAnswers(line).Any(a => a.Fits(frame, line.User)))
            {
                throw new FuzzFailure(FuzzProperty.OthersUndisturbed, $"{line} got {frame.Raw} where the answer to its match was due ({string.Join(", or ", MatchAnswers(line))})");
            }

            _tally.Checked(FuzzProperty.OthersUndisturbed);
            return;
        }
    }

    private void StillWorks(Line line, ImFrame frame)
    {
        _tally.Checked(FuzzProperty.StillWorks);
        if (!MatchAnswers(line).Any(a => a.Fits(frame, line.User)))
        {
            throw new FuzzFailure(FuzzProperty.StillWorks,
                $"{line}'s match round trip after {_step?.Frame.Kind ?? "its last frame"} got {frame.Raw}, not {string.Join(", or ", MatchAnswers(line))}");
        }
    }

    private IReadOnlyList<ReplyShape> MatchAnswers(Line line) =>
        [.. ProtocolRules.Expect(_cast.SituationOf(line), new RequestReading(new Dictionary<string, FieldValue>
        {
            ["type"] = new(Protocol.Match), ["from"] = new(line.User), ["to"] = new(Protocol.System),
        })).Select(o => o.Reply).OfType<ReplyShape>()];

    // A chat message: a relay of the step, the bot teacher's answer owed, or something nobody sent for this connection.
    private void OnChat(Line line, ImFrame frame)
    {
        var step = _step;
        var fromSender = step is not null && step.Targets.Contains(line) && frame.From == step.Sender.User;
        if (fromSender && step!.Expectation.Outcomes.Any(o => o.Relay is { } relay && relay.To == line.User && Carries(frame, relay)))
        {
            step.Relayed.Add((line, frame));
            Budget(frame);
            return;
        }

        if (OwedFor(line, frame) is { } owed)
        {
            TeacherAnswer(line, frame, owed);
            return;
        }

        if (fromSender)
        {
            step!.Relayed.Add((line, frame)); // not what was sent: judged with the step
            return;
        }

        if (step is { Expectation.AnythingGoes: true } && (line == step.Sender || step.Targets.Contains(line)))
        {
            return;
        }

        throw new FuzzFailure(line == step?.Sender ? FuzzProperty.Protocol : FuzzProperty.OthersUndisturbed, $"{line} got a chat message nobody sent it: {frame.Raw}");
    }

    // Answers to several messages come in any order: a greeting settles an answer owed for a greeting first, and any
    // answer one that must come before one that may not.
    private OwedAnswer? OwedFor(Line line, ImFrame frame) =>
        line.Role != Role.Customer ? null
        : _cast.Owed.Where(o => o.Customer == line.User && o.Teacher == frame.From)
            .OrderBy(o => o.Greeting == (frame.Msg == Protocol.Greeting) ? 0 : 1).ThenBy(o => o.Required ? 0 : 1).FirstOrDefault();

    // The bot teacher's answer: stamped like the server's frames, the greeting for a greeting, within its budget from the customer's send.
    private void TeacherAnswer(Line line, ImFrame frame, OwedAnswer owed)
    {
        _cast.Owed.Remove(owed);
        _step?.Answered.Add(owed);
        _tally.Checked(FuzzProperty.Contract);
        if (_target.Server.Contract.Conforming(frame.Raw, [TeacherPush]).Count == 0)
        {
            throw new FuzzFailure(FuzzProperty.Contract, $"{line} got the teacher's answer {frame.Raw}, which is no {TeacherPush} of the contract");
        }

        if (frame.To != line.User || (owed.Greeting && frame.Msg != Protocol.Greeting))
        {
            throw new FuzzFailure(FuzzProperty.Protocol, $"{line} got the teacher's answer {frame.Raw}; due: to {line.User}{(owed.Greeting ? $", msg \"{Protocol.Greeting}\"" : "")}");
        }

        // Timed from the customer's own send: the seat's sends, on the same clock as the teacher's id, are not its cause.
        var budget = _target.Server.Settings.Budgets[Budgets.TeacherReply];
        var latency = Stopwatch.GetElapsedTime(owed.SentAt, frame.ArrivedAt ?? Stopwatch.GetTimestamp());
        _tally.Checked(FuzzProperty.Budget);
        if (latency > budget)
        {
            throw new FuzzFailure(FuzzProperty.Budget,
                $"the teacher's answer to {line} arrived after {latency.TotalMilliseconds:#,0} ms; budget {budget.TotalMilliseconds:#,0} ms (environment {_target.Server.Settings.EnvironmentName})");
        }
    }

    private const string TeacherPush = "teacherPush";

    private void Budget(ImFrame frame)
    {
        _tally.Checked(FuzzProperty.Budget);
        if (frame.Timing?.Problem is { } late)
        {
            throw new FuzzFailure(FuzzProperty.Budget, $"{late}: {frame.Raw}");
        }
    }

    private async Task<ImFrame> NextAsync(Line line, FuzzProperty onTimeout, bool lenient)
    {
        ImFrame frame;
        try
        {
            frame = await line.Api.ReceiveMatchingAsync(static _ => true, "the next frame", line.Api.ReceiveTimeout, _stop).ConfigureAwait(false);
        }
        catch (ServerClosedException e)
        {
            throw await ClosedAsync(line, e).ConfigureAwait(false);
        }
        catch (FrameTimeoutException e)
        {
            throw new FuzzFailure(onTimeout, $"{line} waited in vain after {_step?.Frame.Kind ?? "its last frame"}: {e.Message}");
        }

        if (!lenient && !frame.IsChat)
        {
            _tally.Checked(FuzzProperty.Contract);
            if (frame.Conformance is { ConformsTo.Count: 0 })
            {
                throw new FuzzFailure(FuzzProperty.Contract, $"{line} got {frame.Raw}, which matches no message of the contract {Path.GetFileName(_target.Server.Contract.Source)}");
            }

            Budget(frame);
        }

        return frame;
    }

    private async Task SendAsync(Line line, string text)
    {
        try
        {
            await line.Api.SendAsync(text, _stop).ConfigureAwait(false);
        }
        catch (ServerClosedException e)
        {
            throw await ClosedAsync(line, e).ConfigureAwait(false);
        }
    }

    // A connection the server closed: allowed only after a frame whose answer is anything but a dead server. Otherwise
    // the server is gone (a new user cannot connect and match), or it closed the sender's, or someone else's.
    private async Task<Exception> ClosedAsync(Line line, ServerClosedException closed)
    {
        if (_step is { Expectation.AnythingGoes: true } step && (line == step.Sender || step.Targets.Contains(line)))
        {
            return new CaseEnded();
        }

        if (!await ServerIsUpAsync().ConfigureAwait(false))
        {
            return new FuzzFailure(FuzzProperty.ServerUp,
                $"the server is gone: the connection of {line} closed ({closed.Message.Split(" Frames that")[0].Split(" No frame")[0]}) and a new user can no longer connect and match");
        }

        return _step?.Sender == line
            ? new FuzzFailure(FuzzProperty.ConnectionOpen, $"the server closed the connection of {line} after {_step.Frame.Kind}: {Shown(_step.Frame.Text)}{Environment.NewLine}{closed.Message}")
            : new FuzzFailure(FuzzProperty.OthersUndisturbed, $"the server closed the connection of {line}, who was not speaking: {closed.Message}");
    }

    // The sentinel broken because the whole server went away is the server's failure, not the sentinel's.
    private async Task SentinelAsync(Func<Task> round)
    {
        FuzzFailure? broken = null;
        try
        {
            await round().ConfigureAwait(false);
        }
        catch (FuzzFailure failure) when (failure.Property == FuzzProperty.Sentinel)
        {
            broken = failure;
        }

        if (broken is not null)
        {
            throw await ServerIsUpAsync().ConfigureAwait(false)
                ? broken
                : new FuzzFailure(FuzzProperty.ServerUp, $"the server is gone: {broken.Message}; and a new user can no longer connect and match");
        }
    }

    private async Task ServerStaysUpAsync(string when)
    {
        _tally.Checked(FuzzProperty.ServerUp);
        if (!await ServerIsUpAsync().ConfigureAwait(false))
        {
            throw new FuzzFailure(FuzzProperty.ServerUp, $"the server is gone {when}: a new user can no longer connect and match");
        }
    }

    private async Task<bool> ServerIsUpAsync()
    {
        try
        {
            var probe = await _target.ConnectAsync(_target.Server.NewUserId(), new SendClock(), _stop).ConfigureAwait(false);
            await using (probe.ConfigureAwait(false))
            {
                var reply = await probe.MatchAsync(_stop).ConfigureAwait(false);
                return reply.Type == Protocol.Match && reply.Code == Protocol.Success;
            }
        }
        catch (WebSocketClientException)
        {
            return false;
        }
    }

    private async Task FinishAsync()
    {
        foreach (var line in _cast.Lines.ToList())
        {
            await SettleAsync(line).ConfigureAwait(false);
        }

        while (_cast.Owed.FirstOrDefault(o => o.Required) is { } owed)
        {
            var line = _cast.NewestOf(owed.Customer)!;
            var wait = _target.Server.Settings.Budgets[Budgets.TeacherReply] + line.Api.ReceiveTimeout;
            ImFrame answer;
            try
            {
                answer = await line.Api.ReceiveMatchingAsync(f => f.IsChat && f.From == owed.Teacher, "the teacher's answer", wait, _stop).ConfigureAwait(false);
            }
            catch (FrameTimeoutException e)
            {
                throw new FuzzFailure(FuzzProperty.Protocol, $"the teacher {owed.Teacher} never answered {line}: {e.Message}");
            }
            catch (ServerClosedException e)
            {
                throw await ClosedAsync(line, e).ConfigureAwait(false);
            }

            // The answer that came may be the one owed for another message of the customer's.
            TeacherAnswer(line, answer, OwedFor(line, answer) ?? owed);
        }

        await SentinelAsync(() => _sentinel!.FinishAsync(_stop)).ConfigureAwait(false);
        await ServerStaysUpAsync("at the end of the case").ConfigureAwait(false);
        _tally.Checked(FuzzProperty.ConnectionOpen);
    }

    private async Task<Line> SpeakerAsync(Speaker speaker) => speaker switch
    {
        Speaker.Customer => await CustomerLineAsync(0).ConfigureAwait(false),
        Speaker.OtherCustomer => await CustomerLineAsync(1).ConfigureAwait(false),
        Speaker.CustomerOlderConnection => _cast.Customers[0].Lines is { Count: > 1 } lines ? lines[^2] : await CustomerLineAsync(0).ConfigureAwait(false),
        Speaker.Seat => _cast.Seats.LastOrDefault(s => s.Customer == 0) ?? await TakeSeatAsync(0).ConfigureAwait(false),
        Speaker.OtherSeat => _cast.Seats.LastOrDefault(s => s.Customer == 1) ?? await TakeSeatAsync(1).ConfigureAwait(false),
        _ => _cast.TeacherLike ?? await TeacherLikeAsync().ConfigureAwait(false),
    };

    private async Task<Line> CustomerLineAsync(int customer) =>
        _cast.Customers[customer].Newest ?? await ConnectCustomerAsync(customer).ConfigureAwait(false);

    // A customer connects (again: its older connection stays open) and asks for its teacher, which it keeps until it connects again.
    private async Task<Line> ConnectCustomerAsync(int customer)
    {
        var state = _cast.Customers[customer];
        var n = state.Lines.Count;
        var name = n == 0 ? state.Participant : $"{state.Participant}Again{(n == 1 ? "" : n.ToString(System.Globalization.CultureInfo.InvariantCulture))}";
        _trail.Participant(name, n == 0 ? null : "${" + state.Participant + "}", state.Id);
        var line = new Line(await ConnectAsync(state.Id).ConfigureAwait(false), Role.Customer, name, customer);
        state.Lines.Add(line);
        foreach (var owed in _cast.Owed.Where(o => o.Customer == state.Id))
        {
            owed.Required = false;
        }

        var variable = (customer == 0 ? "teacherId" : "otherTeacherId") + (n == 0 ? "" : (n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _trail.SendMatch(name, state.Id);
        _trail.ExpectReply(name, state.Id, ReplyShape.MatchReply("a teacher id", inTheSeat: false), capture: variable);
        var reply = await MatchAsync(line).ConfigureAwait(false);
        if (reply.Code != Protocol.Success || reply.Type != Protocol.Match || reply.Msg is not { } teacher || !Protocol.IsTeacher(teacher))
        {
            throw new FuzzFailure(FuzzProperty.Protocol, $"{line} connected and matched, and got {reply.Raw} instead of its teacher");
        }

        state.Teacher = teacher;
        state.TeacherVariable = variable;
        _trail.Variable(teacher, variable);
        return line;
    }

    // A person opens a connection with the customer's teacher id: the newest connection of an id gets its pushes.
    private async Task<Line> TakeSeatAsync(int customer)
    {
        await CustomerLineAsync(customer).ConfigureAwait(false);
        var state = _cast.Customers[customer];
        var taken = _cast.Seats.Count(s => s.Customer == customer);
        var name = (customer == 0 ? "seat" : "otherSeat") + (taken == 0 ? "" : (taken + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        _trail.Participant(name, "${" + state.TeacherVariable + "}", state.Teacher!);
        var line = new Line(await ConnectAsync(state.Teacher!).ConfigureAwait(false), Role.Seat, name, customer);
        _cast.Seats.Add(line);
        foreach (var owed in _cast.Owed.Where(o => o.Customer == state.Id))
        {
            owed.Required = false; // the bot hears nothing more; what it heard before, it may still answer
        }

        _trail.SendMatch(name, line.User);
        _trail.ExpectReply(name, line.User, ReplyShape.MatchReply(state.Id, inTheSeat: true));
        StillWorks(line, await MatchAsync(line).ConfigureAwait(false));
        return line;
    }

    private async Task<Line> TeacherLikeAsync()
    {
        var stem = _target.Server.NewUserId();
        _trail.Participant("teacherLikeStem", null, stem);
        var id = stem + Protocol.TeacherSuffix;
        _trail.Participant("teacherLike", "${teacherLikeStem}" + Protocol.TeacherSuffix, id);
        var line = new Line(await ConnectAsync(id).ConfigureAwait(false), Role.TeacherLike, "teacherLike", -1);
        _cast.TeacherLike = line;
        _trail.SendMatch(line.Participant, id);
        _trail.ExpectReply(line.Participant, id, ReplyShape.Refused(Refusal.MatchWithoutTeacher));
        StillWorks(line, await MatchAsync(line).ConfigureAwait(false));
        return line;
    }

    private async Task<ImServerApi> ConnectAsync(string user)
    {
        try
        {
            return await _target.ConnectAsync(user, _clock, _stop).ConfigureAwait(false);
        }
        catch (ServerUnreachableException e)
        {
            await ServerStaysUpAsync($"before {user} connects ({e.Message})").ConfigureAwait(false);
            throw new FuzzFailure(FuzzProperty.OthersUndisturbed, $"{user} cannot connect, though a new user can: {e.Message}");
        }
    }

    // Sends a match and reads up to its answer; chat before it is accounted for as any other.
    private async Task<ImFrame> MatchAsync(Line line)
    {
        await SendAsync(line, ImRequest.MatchFor(line.User).ToJson()).ConfigureAwait(false);
        while (true)
        {
            var frame = await NextAsync(line, FuzzProperty.StillWorks, lenient: false).ConfigureAwait(false);
            if (!frame.IsChat)
            {
                return frame;
            }

            OnChat(line, frame);
        }
    }

    private string IdOf(IdRef id, Line line, Situation situation)
    {
        var other = _cast.Customers[line.Customer == 0 ? 1 : 0];
        return id switch
        {
            IdRef.Self => line.User,
            IdRef.Partner => situation.Partner ?? NobodysTeacher,
            IdRef.System => Protocol.System,
            IdRef.OtherCustomer => other.Id,
            IdRef.OtherTeacher => other.Teacher ?? NobodysTeacher,
            _ => _sentinel!.Teacher,
        };
    }

    // The scenario of the case: the frame as sent, then what the protocol requires where it says exactly one thing.
    private void Record(Line line, Frame named, Expectation expectation, List<Line> targets)
    {
        _trail.Send(line.Participant, named.Text);
        if (!expectation.AnythingGoes && expectation.Outcomes is [var only])
        {
            if (only.Reply is { } reply)
            {
                _trail.ExpectReply(line.Participant, line.User, reply);
            }

            if (only.TeacherAnswers && _cast.SituationOf(line).Partner is { } teacher)
            {
                _trail.ExpectTeacherAnswer(line.Participant, teacher, line.User);
            }

            if (only.Relay is { } relay && targets.FirstOrDefault(t => t.User == relay.To) is { } target)
            {
                _trail.ExpectRelay(target.Participant, relay.Fields);
            }
        }

        if (MatchAnswers(line) is [var answer])
        {
            _trail.SendMatch(line.Participant, line.User);
            _trail.ExpectReply(line.Participant, line.User, answer);
        }
    }

    private string Transcripts()
    {
        var text = new StringBuilder();
        foreach (var line in _cast.Lines)
        {
            text.AppendLine($"Transcript of {line} ({line.Api.Url}):").AppendLine(line.Api.Transcript.ToString());
        }

        return text.ToString();
    }

    private async ValueTask DisposeAsync()
    {
        foreach (var line in _cast.Lines.Reverse())
        {
            await line.Api.DisposeAsync().ConfigureAwait(false);
        }

        if (_sentinel is not null)
        {
            await _sentinel.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Shown(string text) => text.Length <= 300 ? text : $"{text[..300]}... ({text.Length} characters)";

    /// <summary>The step being settled: who spoke, what, what the protocol allows, who may get a relay, and what was relayed.</summary>
    private sealed record StepWindow(Line Sender, Frame Frame, Expectation Expectation, List<Line> Targets)
    {
        public List<(Line Line, ImFrame Frame)> Relayed { get; } = [];

        /// <summary>The bot teacher's answers that came while the step settled.</summary>
        public List<OwedAnswer> Answered { get; } = [];
    }

    /// <summary>A connection closed after a frame whose answer may be anything: the case ends there.</summary>
    private sealed class CaseEnded : Exception;
}
