using System.Collections.Frozen;
using System.Reflection;

namespace ImServerTests.Server.Site;

/// <summary>
/// The practice site beside the WebSocket endpoint: a home page at /pinter/ with the WebSocket case, and the chat
/// page (a customer, or the person in a teacher's seat). Its files are built into the server, looked up by name
/// in a fixed list: no path from a request ever reaches the file system. Everything else is a 404 with a body.
/// </summary>
public static class PracticeSite
{
    public const string Root = "/pinter/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>
    {
        ["index.html"] = "text/html; charset=utf-8",
        ["chat.html"] = "text/html; charset=utf-8",
        ["chat.js"] = "text/javascript; charset=utf-8",
        ["site.css"] = "text/css; charset=utf-8",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, byte[]> Files = ContentTypes.Keys.ToFrozenDictionary(name => name, Load, StringComparer.Ordinal);

    public static void Map(IEndpointRouteBuilder app)
    {
        // Routing takes /pinter and /pinter/ for one path; the page's relative links need the slash.
        app.MapGet(Root, (HttpContext context) => context.Request.Path.Value!.EndsWith('/') ? File("index.html") : Results.Redirect(Root));
        app.MapGet(Root + "{file}", (string file) => Files.ContainsKey(file) ? File(file) : NotFound(Root + file));
        app.MapFallback("{**path}", (HttpContext context) => NotFound(context.Request.Path)); // file-like paths too
    }

    private static IResult File(string name) => Results.Bytes(Files[name], ContentTypes[name]);

    // A body, because a browser treats a 404 without one as a failed navigation rather than a page.
    private static IResult NotFound(string path) =>
        Results.Text($"Not found: {path}. The practice site is at {Root}; the IM server at {ImServer.Path}/{{userId}}.", "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);

    private static byte[] Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Site." + name)
            ?? throw new InvalidOperationException($"the practice site's {name} is not built into the server");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
