using ImServerTests.Server;
using ImServerTests.Server.Faults;
using ImServerTests.Server.Site;

var options = CommandLine.Parse(args, out var error, out var helpWanted);
if (helpWanted)
{
    Console.WriteLine(CommandLine.Help);
    return 0;
}

if (options is null)
{
    Console.Error.WriteLine($"error: {error}");
    return 2;
}

ImServer server;
try
{
    server = await ImServer.StartAsync(options).ConfigureAwait(false);
}
catch (InvalidOperationException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
catch (IOException e)
{
    Console.Error.WriteLine($"error: cannot listen on {options.Url}: {e.Message}. Is another server using that port? Pick another with --urls.");
    return 1;
}

await using (server.ConfigureAwait(false))
{
    if (options.CertificateAuthorityFile is { } caFile)
    {
        Console.WriteLine($"TLS: trust this server with tls.caFile: {caFile}");
    }

    if (options.RequiredToken is not null)
    {
        Console.WriteLine("A token is required: Authorization: Bearer TOKEN, or ?token=TOKEN.");
    }

    Console.WriteLine($"Practice site: {new UriBuilder(server.BaseUrl) { Scheme = server.BaseUrl.Scheme == "wss" ? "https" : "http", Path = PracticeSite.Root }.Uri}");
    Console.WriteLine($"IM server listening on {server.BaseUrl}/{{userId}} (teacher think time {options.ReplyDelay}{(options.CheckIdentity ? ", identity check on" : "")}{(options.Fault == Fault.None ? "" : $", fault {options.Fault}")}). Ctrl-C stops it.");
    await server.WaitForShutdownAsync().ConfigureAwait(false);
}

Console.WriteLine("IM server stopped.");
return 0;
