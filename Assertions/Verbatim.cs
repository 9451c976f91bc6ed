using FluentAssertions.Formatting;
using ImServerTests.Api;

namespace ImServerTests.Assertions;

/// <summary>
/// A text that a failure message shows as it is: FluentAssertions quotes a string placeholder, which would wrap
/// a frame's description or its JSON in quotes of its own. Frames themselves read as the JSON that arrived.
/// </summary>
internal sealed record Verbatim(string Text)
{
    private static int _registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
        {
            Formatter.AddFormatter(new VerbatimFormatter());
        }
    }

    public override string ToString() => Text;

    private sealed class VerbatimFormatter : IValueFormatter
    {
        public bool CanHandle(object value) => value is Verbatim or ImFrame;

        public void Format(object value, FormattedObjectGraph formattedGraph, FormattingContext context, FormatChild formatChild) =>
            formattedGraph.AddFragment(value is ImFrame frame ? frame.Raw : ((Verbatim)value).Text);
    }
}
