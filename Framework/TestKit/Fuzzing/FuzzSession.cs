using System.Diagnostics;
using System.Text.RegularExpressions;
using CsCheck;
using ImServerTests.TestKit.Fuzzing.Frames;
using ImServerTests.TestKit.Fuzzing.Generation;
using ImServerTests.TestKit.Fuzzing.Running;

namespace ImServerTests.TestKit.Fuzzing;

/// <summary>How long a fuzz run searches and shrinks, and the seed of a case to replay instead of searching.</summary>
public sealed record FuzzOptions(TimeSpan Search, TimeSpan Shrink, string? Seed = null, int MaxSteps = 12);

/// <summary>Where a fuzz run is, for a progress line: its phase, the cases played, the time, and whether it has found a failure.</summary>
public sealed record FuzzProgress(string Phase, int Cases, TimeSpan Elapsed, bool Found);

/// <summary>
/// A fuzz run on CsCheck: generation, shrinking and replay by seed are the library's. It searches (CsCheck's Sample for
/// the search time: random cases; once one fails, only smaller ones), then goes on shrinking the smallest failure from
/// its seed for the shrink time, and reports what it reached. A case is a conversation of <see cref="FuzzCase"/>,
/// played by <see cref="CaseRun"/>; a failure is a <see cref="FuzzFailure"/>. An input that takes the server down is
/// followed by a fresh server when the run started it (<see cref="FuzzTarget.CanRestart"/>); a server named by URL that
/// is gone ends the shrinking with a note.
/// </summary>
public sealed partial class FuzzSession(FuzzTarget target, FuzzOptions options)
{
    private readonly PropertyTally _tally = new();
    private readonly Stopwatch _clock = new();
    private int _cases;
    private TimeSpan? _found;
    private string? _serverLost;
    private string _phase = "search";

    /// <summary>Called after every case, for a progress line.</summary>
    public Action<FuzzProgress>? Progress { get; init; }

    public PropertyTally Tally => _tally;

    /// <summary>The cases of this run: from the contract of the run's server, sized to its message limit.</summary>
    public Gen<FuzzCase> Cases => FuzzCase.Generator(
        new FrameGenerators(RequestSchemas.Of(target.Server.Contract), target.Server.Settings.Server.MaxMessageChars), options.MaxSteps);

    public async Task<FuzzReport> RunAsync(CancellationToken cancellationToken)
    {
        var cases = Cases;
        _clock.Restart();
        Func<FuzzCase, Task> play = c => PlayAsync(c, cancellationToken);
        var first = options.Seed is { } seed
            ? await FailureAsync(() => cases.SampleAsync(play, seed: seed, iter: 1, threads: 1, print: Print)).ConfigureAwait(false)
            : await FailureAsync(() => cases.SampleAsync(play, time: Seconds(options.Search), threads: 1, print: Print)).ConfigureAwait(false);
        var searched = _clock.Elapsed;
        if (first is null)
        {
            return Report(searched, null, null, null, options.Seed is null ? null : $"the case of seed {options.Seed} passed");
        }

        _phase = "shrink";
        var shrunk = await FailureAsync(() => cases.SampleAsync(play, seed: first.Seed, time: Seconds(options.Shrink), threads: 1, print: Print)).ConfigureAwait(false);
        var note = shrunk is null
            ? $"the failure of seed {first.Seed} did not come back when its case was played again{(_serverLost is null ? "" : $" ({_serverLost})")}: it is reported as first found"
            : _serverLost is null ? null : $"shrinking stopped early: {_serverLost}";
        return Report(searched, first, shrunk ?? first, _clock.Elapsed - searched, note);
    }

    /// <summary>Plays the case of <paramref name="seed"/> once: its failure, or null when it passes.</summary>
    public async Task<FuzzFailure?> ReplayAsync(string seed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seed);
        var found = await FailureAsync(() => Cases.SampleAsync(c => PlayAsync(c, cancellationToken), seed: seed, iter: 1, threads: 1, print: Print)).ConfigureAwait(false);
        return found?.Failure;
    }

    private async Task PlayAsync(FuzzCase fuzzCase, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _cases);
        try
        {
            await PlayOnceAsync(fuzzCase, cancellationToken).ConfigureAwait(false);
        }
        catch (ServerUnavailableException) when (target.CanRestart)
        {
            await target.RestartAsync(cancellationToken).ConfigureAwait(false);
            await PlayOnceAsync(fuzzCase, cancellationToken).ConfigureAwait(false);
        }
        catch (ServerUnavailableException e)
        {
            _serverLost = e.Message; // a case that cannot be played cannot be judged: it does not count as failing
        }
        finally
        {
            Progress?.Invoke(new FuzzProgress(_phase, _cases, _clock.Elapsed, _found is not null));
        }
    }

    private async Task PlayOnceAsync(FuzzCase fuzzCase, CancellationToken cancellationToken)
    {
        try
        {
            await CaseRun.PlayAsync(target, fuzzCase, _tally, cancellationToken).ConfigureAwait(false);
        }
        catch (FuzzFailure failure)
        {
            _found ??= _clock.Elapsed;
            if (failure.ServerGone && target.CanRestart)
            {
                await target.RestartAsync(cancellationToken).ConfigureAwait(false);
            }

            throw;
        }
    }

    // CsCheck reports the smallest failing case it found by its seed, with the case's own exception inside.
    private static async Task<Found?> FailureAsync(Func<Task> sample)
    {
        try
        {
            await sample().ConfigureAwait(false);
            return null;
        }
        catch (CsCheckException e)
        {
            var seed = SeedLine().Match(e.Message) is { Success: true } m ? m.Groups["seed"].Value
                : throw new InvalidOperationException($"CsCheck's failure names no seed: {e.Message}", e);
            var failure = e.InnerException as FuzzFailure
                ?? new FuzzFailure(FuzzProperty.Protocol, $"the fuzz run itself failed on a case: {e.InnerException?.GetType().Name}: {e.InnerException?.Message}");
            return new Found(seed, failure, e.Message.Split('\n')[0].Trim());
        }
    }

    private FuzzReport Report(TimeSpan searched, Found? first, Found? shrunk, TimeSpan? shrinking, string? note) =>
        new(_cases, searched, _found, shrinking, first?.Seed, shrunk?.Seed, first?.Failure, shrunk?.Failure, shrunk?.Summary, note, _tally);

    private static int Seconds(TimeSpan time) => Math.Max(1, (int)Math.Ceiling(time.TotalSeconds));

    private static string Print(FuzzCase fuzzCase) => fuzzCase.ToString();

    [GeneratedRegex("seed: \"(?<seed>[^\"]+)\"")]
    private static partial Regex SeedLine();

    private sealed record Found(string Seed, FuzzFailure Failure, string Summary);
}

/// <summary>
/// What a fuzz run found: how many cases it played and for how long; when one failed, the seed of the first failure and
/// of the smallest it shrank to (replaying that seed plays that case), both failures, CsCheck's own summary, and a note
/// when shrinking could not go on. <see cref="Tally"/> says how often each property was checked.
/// </summary>
public sealed record FuzzReport(
    int Cases, TimeSpan Searched, TimeSpan? TimeToFind, TimeSpan? Shrinking, string? FirstSeed, string? Seed,
    FuzzFailure? FirstFailure, FuzzFailure? Failure, string? ShrinkSummary, string? Note, PropertyTally Tally)
{
    public bool Passed => Failure is null;

    /// <summary>One line for a log, and the first line of a failing test's message (the fault proof's table shows it).</summary>
    public string Headline => Failure is not { } failure
        ? $"{Cases:#,0} generated cases in {Searched.TotalSeconds:0} s, every property kept{(Note is null ? "" : $" ({Note})")}"
        : $"{failure.Property.Title()}: broken by a case of {failure.Case?.Steps.Count ?? 0} step(s) (seed {Seed}): {FailingStep(failure)}";

    private static string FailingStep(FuzzFailure failure) =>
        failure.Case is { } c && failure.Step > 0 && failure.Step <= c.Steps.Count ? c.Steps[failure.Step - 1].ToString() ?? "" : "at the end of the case";
}
