using FluentAssertions.Formatting;
using ImServerTests.Api;

namespace ImServerTests.TestKit.Assertions;

/// <summary>
/// A text that a failure message shows as it is: FluentAssertions quotes a string placeholder, which would wrap a
/// frame's description or its JSON in quotes of its own, and shows a record as its properties. Frames themselves
/// read as the JSON that arrived.
/// </summary>
internal sealed record Verbatim(string Text)
{
    // Registered once, before the first assertion of this library formats anything.
    static Verbatim() => Formatter.AddFormatter(new VerbatimFormatter());

    /// <summary>Makes sure the formatter is registered (the static constructor runs once).</summary>
    public static void Use()
    {
    }

    public override string ToString() => Text;

    private sealed class VerbatimFormatter : IValueFormatter
    {
        public bool CanHandle(object value) => value is Verbatim or ImFrame;

        public void Format(object value, FormattedObjectGraph formattedGraph, FormattingContext context, FormatChild formatChild) =>
            formattedGraph.AddFragment(value is ImFrame frame ? frame.Raw : ((Verbatim)value).Text);
    }
}
