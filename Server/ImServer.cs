using ImServerTests.Server.Conversation;
using ImServerTests.Server.Faults;
using ImServerTests.Server.Security;
using ImServerTests.Server.Sessions;
using ImServerTests.Server.Site;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace ImServerTests.Server;

/// <summary>
/// The embedded pinter-compatible IM server. <see cref="StartAsync"/> binds it (port 0 picks a free port) and
/// returns it running; disposing it closes every connection with 1001 and stops it.
/// </summary>
public sealed class ImServer : IAsyncDisposable
{
    public const string Path = "/pinter/imserver";

    private readonly WebApplication _app;

    private readonly UnexpectedErrors _errors;

    private ImServer(WebApplication app, Uri baseUrl, SessionRegistry registry, UnexpectedErrors errors)
    {
        _app = app;
        BaseUrl = baseUrl;
        Registry = registry;
        _errors = errors;
    }

    /// <summary>ws://HOST:PORT/pinter/imserver: append "/{userId}" to connect.</summary>
    public Uri BaseUrl { get; }

    public SessionRegistry Registry { get; }

    /// <summary>How many connections ended on an exception the server did not expect: zero unless it has a bug.</summary>
    public int UnexpectedErrorCount => _errors.Count;

    public static async Task<ImServer> StartAsync(ImServerOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = [],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseUrls(options.Certificate is null ? options.Url : Https(options.Url));
        if (options.Certificate is { } certificate)
        {
            builder.WebHost.UseKestrelHttpsConfiguration(); // the slim builder leaves HTTPS out unless asked
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
            if (options.CertificateAuthorityFile is { } caFile)
            {
                await SelfSignedCertificate.WriteAuthorityFileAsync(caFile, certificate, cancellationToken).ConfigureAwait(false);
            }
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        builder.Logging.SetMinimumLevel(options.LogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);

        var app = builder.Build();
        var registry = new SessionRegistry(options.Fault.NewTeacherId);
        var errors = new UnexpectedErrors();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("ImServer");
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = lifetime.ApplicationStopping;
        var router = new MessageRouter(registry, options, log, stopping, lifetime.StopApplication);

        if (options.Fault.Has(Quirks.SwallowsPings))
        {
            // The WebSocket layer reads the upgraded connection through a filter that takes the pings out.
            app.Use((context, next) =>
            {
                if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
                {
                    context.Features.Set<IHttpUpgradeFeature>(new PingSwallowingUpgrade(upgrade));
                }

                return next(context);
            });
        }

        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.Map(Path + "/{userId}", async (HttpContext context, string userId) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.Response.WriteAsync($"This endpoint speaks WebSocket: connect to ws://{context.Request.Host}{Path}/{{userId}}").ConfigureAwait(false);
                return;
            }

            if (options.RequiredToken is { } token && !TokenCheck.Allows(context.Request, token))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await context.Response.WriteAsync("A token is required: send Authorization: Bearer TOKEN, or ?token=TOKEN.").ConfigureAwait(false);
                return;
            }

            if (options.Fault.Has(Quirks.TakesUserIdUndecoded))
            {
                userId = RawLastSegment(context);
            }

            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var connection = new Connection(userId, socket, options.MaxMessageChars, options.Fault, log);
            if (options.Fault.Has(Quirks.ClosesOnConnect))
            {
                connection.Close(System.Net.WebSockets.WebSocketCloseStatus.InternalServerError, "server error");
            }

            registry.Attach(connection);
            log.LogDebug("{User} connected (teacher {Teacher})", userId, connection.Pairing?.Teacher);
            try
            {
                await connection.RunAsync(router.OnMessageAsync, stopping).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                // Counted so that tests can prove no input crashes a connection's handler.
                errors.Record();
                log.LogError(e, "Connection of {User} failed unexpectedly", userId);
            }
            finally
            {
                registry.Detach(connection);
                log.LogDebug("{User} disconnected", userId);
            }
        });

        PracticeSite.Map(app);
        _ = new IdleTrimmer(registry, burstSize: 500).RunAsync(stopping);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var http = new Uri(address);
        var baseUrl = new UriBuilder(http.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", http.Host, http.Port, Path).Uri;
        return new ImServer(app, baseUrl, registry, errors);
    }

    // The last segment of the request's path as the client sent it, percent-encoding and all.
    private static string RawLastSegment(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var path = target.Split('?', 2)[0];
        return path[(path.LastIndexOf('/') + 1)..];
    }

    // With a certificate the server speaks TLS on the address it was given.
    private static string Https(string url) => url.StartsWith("http://", StringComparison.Ordinal) ? "https://" + url["http://".Length..] : url;

    /// <summary>Runs until the host is asked to stop (Ctrl-C, SIGTERM).</summary>
    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => _app.WaitForShutdownAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
