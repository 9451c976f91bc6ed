using System.Security.Cryptography.X509Certificates;
using ImServerTests.Api;
using ImServerTests.Client;
using ImServerTests.TestKit.Scenarios.Har;
using ImServerTests.Server;
using ImServerTests.Server.Security;

namespace ImServerTests.Specs.Client;

/// <summary>
/// Each connection setting against the embedded server over real TLS with a required token: trust through a CA
/// file, refusals explained (untrusted root, name mismatch, expired, 401), insecure, token in header or query,
/// subprotocols, and the token masked in every output a test can read.
/// </summary>
[AllureEpic("Client")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Secured servers: TLS, tokens, secrets")]
public sealed class SecuredServerSpecs
{
    private const string Token = "t0ken-Very-Secret-4711";
    private static readonly TimeSpan Receive = TimeSpan.FromSeconds(5);
    private X509Certificate2 _certificate = null!;
    private ImServer _server = null!;

    private X509Certificate2Collection Ca => [_certificate];

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        Secrets.Register(Token);
        _certificate = SelfSignedCertificate.Create();
        _server = await ImServer.StartAsync(new ImServerOptions { Certificate = _certificate, RequiredToken = Token });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
    }

    [Test]
    public async Task A_server_signed_by_the_ca_file_is_trusted_and_a_token_in_the_header_lets_it_in()
    {
        await using var im = await ConnectAsync(new ConnectionOptions { TrustedCertificates = Ca, Headers = Bearer() });

        (await im.MatchAsync()).Code.Should().Be(Protocol.Success);
    }

    [Test]
    public async Task A_token_in_the_query_lets_it_in_too()
    {
        await using var im = await ConnectAsync(new ConnectionOptions { TrustedCertificates = Ca, Query = new Dictionary<string, string> { ["token"] = Token } });

        (await im.MatchAsync()).Code.Should().Be(Protocol.Success);
        im.Url.ToString().Should().Contain("token=***").And.NotContain(Token, "the connection's URL is shown with its secrets masked");
    }

    [Test]
    public async Task Without_the_ca_file_the_certificate_is_refused_naming_the_reason_and_the_setting()
    {
        var connect = () => ConnectAsync(new ConnectionOptions { Headers = Bearer() });

        (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which.Message.Should().ContainAll("untrusted root", "tls.caFile");
    }

    [Test]
    public async Task Insecure_accepts_any_certificate()
    {
        await using var im = await ConnectAsync(new ConnectionOptions { AcceptAnyCertificate = true, Headers = Bearer() });

        (await im.MatchAsync()).Code.Should().Be(Protocol.Success);
    }

    [Test]
    public async Task A_missing_token_is_a_401_explained_and_the_query_token_is_masked_in_the_message()
    {
        var connect = () => ConnectAsync(new ConnectionOptions { TrustedCertificates = Ca, Query = new Dictionary<string, string> { ["token"] = "wrong-" + Token } });

        var error = (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which;
        error.HttpStatus.Should().Be(401);
        error.Message.Should().ContainAll("HTTP 401", "Unauthorized", "headers (Authorization", "token=wrong-***").And.NotContain(Token);
    }

    [Test]
    public async Task A_certificate_for_another_name_is_a_name_mismatch()
    {
        using var certificate = SelfSignedCertificate.Create(hosts: ["other.example"]);
        await using var server = await ImServer.StartAsync(new ImServerOptions { Certificate = certificate });

        var connect = () => WebSocketClient.ConnectAsync(new Uri(server.BaseUrl + "/someone"), new ConnectionOptions { TrustedCertificates = [certificate] });

        (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which.Message.Should().Contain("name mismatch");
    }

    [Test]
    public async Task An_expired_certificate_is_named_expired()
    {
        using var certificate = SelfSignedCertificate.Create(notBefore: DateTimeOffset.UtcNow.AddDays(-30), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        await using var server = await ImServer.StartAsync(new ImServerOptions { Certificate = certificate });

        var connect = () => WebSocketClient.ConnectAsync(new Uri(server.BaseUrl + "/someone"), new ConnectionOptions { TrustedCertificates = [certificate] });

        (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which.Message.Should().Contain("expired");
    }

    [Test]
    public async Task A_subprotocol_the_server_does_not_accept_fails_the_connect_naming_it()
    {
        var connect = () => ConnectAsync(new ConnectionOptions { TrustedCertificates = Ca, Headers = Bearer(), Subprotocols = ["chat"] });

        (await connect.Should().ThrowAsync<ServerUnreachableException>()).Which.Message.Should().ContainAll("subprotocols chat", "subprotocols of the environment");
    }

    [Test]
    public async Task The_token_is_masked_in_transcripts_urls_and_har_files()
    {
        await using var im = await ConnectAsync(new ConnectionOptions { TrustedCertificates = Ca, Query = new Dictionary<string, string> { ["token"] = Token } });
        await im.SendAsync($"{{\"type\":\"subscribe\",\"msg\":\"{Token}\"}}");
        var har = HarWriter.Write([new RecordedConnection(new Uri(_server.BaseUrl + $"/x?token={Token}"), DateTimeOffset.UtcNow, [new RecordedMessage(RecordedDirection.Send, DateTimeOffset.UtcNow, Token)])]);

        string[] outputs = [im.Transcript.ToString(), im.Url.ToString(), har];
        outputs.Should().OnlyContain(text => !text.Contains(Token, StringComparison.Ordinal)).And.OnlyContain(text => text.Contains(Secrets.Replacement, StringComparison.Ordinal));
    }

    private Task<ImServerApi> ConnectAsync(ConnectionOptions options) =>
        ImServerApi.ConnectAsync(_server.BaseUrl, "secured-" + Guid.NewGuid().ToString("N")[..8], options with { ConnectTimeout = TimeSpan.FromSeconds(5) }, Receive);

    private static Dictionary<string, string> Bearer() => new() { ["Authorization"] = "Bearer " + Token };
}
