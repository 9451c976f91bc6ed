using System.Diagnostics;
using Spectre.Console;

namespace ImServerTests.Cli;

/// <summary>
/// Progress of a long run that a person can tell from a stuck one: in a terminal, a Spectre.Console status line that
/// says what is being done, step k of n, elapsed time and a tally; in a log, one plain line per step.
/// </summary>
public sealed class Progress(string title, int total, TextWriter? plain = null)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private int _done;
    private StatusContext? _status;

    /// <summary>What the tally says ("caught 3", "round 2 of 3"); set as the run goes.</summary>
    public string Tally { get; set; } = "";

    /// <summary>Runs <paramref name="work"/> with the status line shown in a terminal.</summary>
    public async Task<T> RunAsync<T>(Func<Progress, Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (plain is not null || !Terminal.IsInteractive)
        {
            return await work(this).ConfigureAwait(false);
        }

        T result = default!;
        await AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync(Line(""), async status =>
        {
            _status = status;
            result = await work(this).ConfigureAwait(false);
        }).ConfigureAwait(false);
        _status = null;
        return result;
    }

    /// <summary>Says that <paramref name="what"/> has started.</summary>
    public void Started(string what)
    {
        lock (_gate)
        {
            var line = Line(what);
            if (_status is { } status)
            {
                status.Status(Markup.Escape(line));
            }
            else
            {
                (plain ?? Console.Out).WriteLine(line);
            }
        }
    }

    /// <summary>Counts one step as done, and says what came of it.</summary>
    public void Finished(string what)
    {
        lock (_gate)
        {
            _done++;
            var line = $"{title}: {_done} of {total} done, {_clock.Elapsed.TotalSeconds:0} s{(Tally.Length > 0 ? ", " + Tally : "")}: {what}";
            if (_status is { } status)
            {
                AnsiConsole.MarkupLine(Markup.Escape(line));
                status.Status(Markup.Escape(Line("")));
            }
            else
            {
                (plain ?? Console.Out).WriteLine(line);
            }
        }
    }

    private string Line(string what) =>
        $"{title}: {_done} of {total} done, {_clock.Elapsed.TotalSeconds:0} s{(Tally.Length > 0 ? ", " + Tally : "")}{(what.Length > 0 ? $"; now {what}" : "")}";
}
