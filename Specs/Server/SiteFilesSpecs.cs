using System.Net;

namespace ImServerTests.Specs.Server;

/// <summary>The practice site's HTTP side, without a browser: its pages, a 404 with a body for anything else, nothing from outside the site.</summary>
[AllureEpic("Embedded server")]
[TestFixture]
[Category(Categories.Spec)]
[AllureFeature("Practice site over HTTP")]
public sealed class SiteFilesSpecs : ServerFixture
{
    private HttpClient _http = null!;

    [OneTimeSetUp]
    public void OpenClient() =>
        _http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new UriBuilder("http", BaseUrl.Host, BaseUrl.Port).Uri,
        };

    [OneTimeTearDown]
    public void CloseClient() => _http.Dispose();

    [TestCase("/pinter/", "text/html", "开始练习")]
    [TestCase("/pinter/chat.html", "text/html", "chat.js")]
    [TestCase("/pinter/chat.js", "text/javascript", "new WebSocket")]
    [TestCase("/pinter/site.css", "text/css", ".bubble")]
    public async Task The_sites_pages_are_served(string path, string type, string content)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.Should().Be(type);
        (await response.Content.ReadAsStringAsync()).Should().Contain(content);
    }

    [Test]
    public async Task The_site_without_its_slash_redirects_to_it()
    {
        using var response = await _http.GetAsync(new Uri("/pinter", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().Should().Be("/pinter/");
    }

    [TestCase("/pinter/nope.html")]
    [TestCase("/pinter/..%2FImServerTests.Server.dll")]
    [TestCase("/pinter/%2E%2E/appsettings.json")]
    [TestCase("/pinter/Site.index.html")]
    [TestCase("/favicon.ico")]
    [TestCase("/ImServerTests.Server.dll")]
    public async Task Anything_else_is_a_404_with_a_body_that_points_to_the_site(string path)
    {
        using var response = await _http.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain("Not found").And.Contain("/pinter/");
    }

    [Test]
    public async Task A_plain_request_to_the_websocket_endpoint_is_told_to_speak_websocket()
    {
        using var response = await _http.GetAsync(new Uri("/pinter/imserver/someone", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("WebSocket");
    }
}
