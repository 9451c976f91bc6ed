using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImServerTests.Specs.Client;

/// <summary>A WebSocket server that plays one script per connection, for testing the client's edge cases.</summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ScriptedServer(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    public Uri Url { get; }

    /// <summary>Starts the server; with <paramref name="keepAlive"/>, each connection also sends a pong frame that often.</summary>
    public static async Task<ScriptedServer> StartAsync(Func<WebSocket, Task> script, TimeSpan? keepAlive = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.UseWebSockets();
        app.Map("/{**path}", async context =>
        {
            using var socket = keepAlive is { } interval
                ? await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = interval })
                : await context.WebSockets.AcceptWebSocketAsync();
            await script(socket);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new ScriptedServer(app, new Uri($"ws://127.0.0.1:{address.Port}/script"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
