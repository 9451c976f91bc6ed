namespace ImServerTests.Client;

/// <summary>What an HTTP status on the WebSocket upgrade usually means, and what to change.</summary>
internal static class HandshakeStatus
{
    public static string Explain(int status) => status switch
    {
        401 => "401 Unauthorized: the server wants credentials. Give a token in the environment's headers (Authorization: \"Bearer ${env:IMSERVER_TOKEN}\") or query (token: \"${env:IMSERVER_TOKEN}\"), and check that the variable holds a valid token.",
        403 => "403 Forbidden: the server knows the credentials but refuses them here (expired token, missing rights, or an address it does not allow).",
        404 => "404 Not Found: nothing answers at this path. Check the environment's url: it ends in /pinter/imserver, and the user id is appended.",
        426 => "426 Upgrade Required: the server wants another protocol version or scheme (ws:// or wss://).",
        >= 500 and < 600 => $"{status}: the server failed while answering the upgrade. Its log says why; a proxy in front of it may not pass WebSocket upgrades.",
        >= 300 and < 400 => $"{status}: the server redirects; put the URL it redirects to in the environment's url.",
        _ => $"HTTP {status} instead of 101 Switching Protocols: check the URL and what the server expects.",
    };
}
