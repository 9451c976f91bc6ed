using System.Globalization;

namespace ImServerTests.Load.Locust;

/// <summary>Where the Locust master listens: HOST[:PORT], the port 5557 (Locust's --master-bind-port default) unless given.</summary>
public sealed record MasterAddress(string Host, int Port)
{
    public const int DefaultPort = 5557;

    public static MasterAddress Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        if (colon < 0)
        {
            return text.Length > 0 ? new MasterAddress(text, DefaultPort) : throw Bad(text);
        }

        return colon > 0 && int.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? new MasterAddress(text[..colon], port)
            : throw Bad(text);
    }

    public override string ToString() => $"{Host}:{Port}";

    private static FormatException Bad(string text) =>
        new($"--locust-master '{text}' is not HOST[:PORT]: give the master's host and, unless it is {DefaultPort}, its --master-bind-port, for example 127.0.0.1:5557");
}
