using Microsoft.Playwright;
using ImServerTests.Server;
using Microsoft.Playwright.NUnit;

namespace ImServerTests.Specs.PracticeSite;

/// <summary>
/// Starts the embedded server with its practice site and drives Debian's Chromium, launched by its path (a
/// browser download cannot work here). Without Chromium every test of the fixture is skipped, saying how to
/// install it, so dotnet test stays green with the .NET SDK alone.
/// </summary>
public abstract class PracticeSiteFixture : PlaywrightTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly List<IBrowserContext> _contexts = [];
    private string? _chromium;
    private ImServer? _server;
    private IBrowser? _browser;

    /// <summary>http://127.0.0.1:PORT/pinter/ of the server started for this fixture.</summary>
    protected Uri Site { get; private set; } = null!;

    protected ImServer Server => _server!;

    [OneTimeSetUp]
    public async Task StartServerAsync()
    {
        _chromium = ChromiumLocator.Find();
        if (_chromium is null)
        {
            Assert.Ignore(ChromiumLocator.InstallHint);
        }

        _server = await ImServer.StartAsync(new ImServerOptions());
        Site = new UriBuilder("http", _server.BaseUrl.Host, _server.BaseUrl.Port, "/pinter/").Uri;
    }

    [SetUp]
    public async Task LaunchBrowserAsync()
    {
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout((float)Wait.TotalMilliseconds);
        _browser ??= await BrowserType.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = _chromium,
            Headless = true,
            Args = Environment.UserName == "root"
                ? ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
                : ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    [TearDown]
    public async Task CloseContextsAsync()
    {
        foreach (var context in _contexts)
        {
            await context.CloseAsync();
        }

        _contexts.Clear();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>A fresh browser context (its own cookies and tabs); with a path, its traffic is recorded there as HAR, frames included.</summary>
    protected async Task<IBrowserContext> NewContextAsync(string? harPath = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            RecordHarPath = harPath,
            RecordHarContent = harPath is null ? null : HarContentPolicy.Embed,
            ViewportSize = new ViewportSize { Width = 900, Height = 700 },
        });
        context.SetDefaultTimeout((float)Wait.TotalMilliseconds);
        _contexts.Add(context);
        return context;
    }

    /// <summary>Attaches a screenshot of the page to the test's report.</summary>
    protected static async Task AttachScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        AllureApi.AddAttachment(name, "image/png", await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true }), ".png");
    }
}
