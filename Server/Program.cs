using ImServerTests.Cli;
using ImServerTests.Server;
using ImServerTests.Server.Faults;
using ImServerTests.Server.Site;

// dotnet run --project Server -- [--urls URL] [--reply-delay MIN-MAX] [--tls] [--fault NAME] ...   (see --help)
return await CommandLineProgram.RunAsync(ImServerTests.Server.CommandLine.Create(RunAsync), args).ConfigureAwait(false);

static async Task<int> RunAsync(ImServerOptions options, TextWriter output, CancellationToken stop)
{
    ImServer server;
    try
    {
        server = await ImServer.StartAsync(options, stop).ConfigureAwait(false);
    }
    catch (InvalidOperationException e)
    {
        Console.Error.WriteLine($"error: {e.Message}");
        return ExitCodes.Failed;
    }
    catch (IOException e)
    {
        Console.Error.WriteLine($"error: cannot listen on {options.Url}: {e.Message}. Is another server using that port? Pick another with --urls.");
        return ExitCodes.Failed;
    }

    await using (server.ConfigureAwait(false))
    {
        if (options.CertificateAuthorityFile is { } caFile)
        {
            output.WriteLine($"TLS: trust this server with tls.caFile: {caFile}");
        }

        if (options.RequiredToken is not null)
        {
            output.WriteLine("A token is required: Authorization: Bearer TOKEN, or ?token=TOKEN.");
        }

        output.WriteLine($"Practice site: {new UriBuilder(server.BaseUrl) { Scheme = server.BaseUrl.Scheme == "wss" ? "https" : "http", Path = PracticeSite.Root }.Uri}");
        output.WriteLine($"IM server listening on {server.BaseUrl}/{{userId}} (teacher think time {options.ReplyDelay}{(options.CheckIdentity ? ", identity check on" : "")}{(options.Fault == Fault.None ? "" : $", fault {options.Fault}")}). Ctrl-C stops it.");
        await server.WaitForShutdownAsync(stop).ConfigureAwait(false);
    }

    output.WriteLine("IM server stopped.");
    return ExitCodes.Success;
}
