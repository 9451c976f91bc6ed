using Microsoft.Playwright;
using ImServerTests.Server;
using System.Text.RegularExpressions;
using ImServerTests.TestKit.Scenarios;
using ImServerTests.TestKit.Scenarios.Har;

namespace ImServerTests.Specs.PracticeSite;

/// <summary>
/// The seed's browser walk-through on the embedded server's practice site: open the WebSocket case, chat (a
/// greeting, an empty message, a frame that is not JSON), watch the frames; two tabs talking through the
/// teacher's seat; errors a user can see. The customer's conversation is recorded as HAR and imported.
/// </summary>
[AllureEpic("Practice page")]
[NonParallelizable]
[TestFixture]
[Category(Categories.Browser)]
[AllureFeature("The practice site in Chromium")]
public sealed partial class PracticeSiteSpecs : PracticeSiteFixture
{
    /// <summary>Where the recorded conversation is kept for CI: it imports it and runs it against the embedded server.</summary>
    public static readonly string RecordingPath = Path.Combine(RepositoryRoot.Find(), "TestResults", "browser", "practice-page.har");

    private static readonly string RecordedScenario = Path.Combine(RepositoryRoot.Find(), "TestCases", "Scenarios", "recorded-practice-page.yml");

    [Test]
    [AllureName("The home page lists the WebSocket case, and 开始练习 opens a chat that gets a teacher")]
    public async Task The_home_page_lists_the_websocket_case_and_starts_it()
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(Site.ToString());

        await Expect(page.Locator("#websocket-case h2")).ToContainTextAsync("WebSocket 案例");
        await page.GetByRole(AriaRole.Link, new() { Name = "开始练习" }).ClickAsync();

        await Expect(page).ToHaveURLAsync(ChatUrl());
        var chat = new ChatPage(page);
        (await chat.PartnerAsync()).Should().MatchRegex("^[0-9a-f]{32}__mtx$", "the chat page sends match on open and shows the teacher");
    }

    [Test]
    [AllureName("A customer chats: a greeting, an empty message and a frame that is not JSON, with receipts, the teacher's reply and refusals as bubbles")]
    [AllureSeverity(SeverityLevel.critical)]
    public async Task A_customer_chats_and_sees_receipts_replies_and_refusals()
    {
        using var recording = TemporaryFolder.Create("practice-");
        var har = Path.Combine(recording.Path, "practice.har");
        var context = await NewContextAsync(har);
        var chat = await ChatPage.OpenAsync(context, new Uri(Site, "chat.html"));
        var teacher = await chat.PartnerAsync();

        await chat.SayAsync("你好");
        await Expect(chat.Receipts).ToHaveTextAsync(["push success"]);
        await Expect(chat.Replies).ToHaveTextAsync(["同学,你好,非常高兴为你服务,有什么需要我帮忙的呢?"]);
        await chat.SayAsync("");
        await Expect(chat.Refusals).ToHaveTextAsync(["消息内容为空"]);
        await chat.SendRawAsync("this is not json");
        await Expect(chat.Refusals).ToHaveCountAsync(2);
        await Expect(chat.RawFrames.Filter(new() { HasText = "\"type\":\"match\"" })).ToHaveCountAsync(2);
        await Expect(chat.RawFrames.Filter(new() { HasText = teacher })).Not.ToHaveCountAsync(0);
        await AttachScreenshotAsync(chat.Page, "chat page mid-conversation");

        await context.CloseAsync(); // writes the HAR
        Directory.CreateDirectory(Path.GetDirectoryName(RecordingPath)!);
        File.Copy(har, RecordingPath, overwrite: true);
        AllureApi.AddAttachment("practice-page.har", "application/json", await File.ReadAllBytesAsync(RecordingPath), ".har");

        // The recording imports into the scenario the regression runs (TestCases/Scenarios/recorded-practice-page.yml).
        var (scenario, _) = ScenarioImporter.Import(HarReader.Read(RecordingPath), "The practice page's conversation, recorded in Chromium", "practice-page.har");
        Comparable(ScenarioWriter.Write(scenario)).Should().Be(Comparable(await File.ReadAllTextAsync(RecordedScenario)),
            "a recording of this conversation imports into the committed scenario, which the ImServer regression plays");
    }

    [Test]
    [AllureName("Two tabs, a customer and the person in its teacher's seat, talk to each other")]
    public async Task A_customer_and_a_teacher_seat_in_two_tabs_talk()
    {
        var context = await NewContextAsync();
        var customer = await ChatPage.OpenAsync(context, new Uri(Site, "chat.html"));
        var teacherId = await customer.PartnerAsync();
        var seat = await ChatPage.OpenAsync(context, new Uri(Site, $"chat.html?role=teacher&id={teacherId}"));
        var customerId = await seat.PartnerAsync();

        await customer.SayAsync("老师好,在吗?");
        await Expect(seat.Replies).ToHaveTextAsync(["老师好,在吗?"]);
        await seat.SayAsync("在的,请讲");
        await Expect(customer.Replies).ToHaveTextAsync(["在的,请讲"]);
        await Expect(seat.Receipts).ToHaveTextAsync(["push success"]);
        await AttachScreenshotAsync(seat.Page, "the teacher's seat");

        customerId.Should().Be(await customer.Page.Locator("#user-id").InputValueAsync(), "the seat's match names the customer");
    }

    [Test]
    [AllureName("A connection that fails or is closed by the server shows a visible error with the close code")]
    public async Task A_failed_or_closed_connection_shows_a_visible_error()
    {
        await using var closing = await ImServer.StartAsync(new ImServerOptions { Fault = ImServerTests.Server.Faults.FaultCatalogue.CloseOnConnect });
        var context = await NewContextAsync();

        var refused = await ChatPage.OpenAsync(context, new Uri(Site, $"chat.html?server=ws://127.0.0.1:{FreePort.Next()}/pinter/imserver"));
        await Expect(refused.Error).ToBeVisibleAsync();
        await Expect(refused.Error).ToContainTextAsync("code 1006");

        var closed = await ChatPage.OpenAsync(context, new Uri(Site, $"chat.html?server={closing.BaseUrl}"));
        await Expect(closed.Error).ToContainTextAsync("code 1011");
        await Expect(closed.Error).ToContainTextAsync("server error");
    }

    [Test]
    public async Task An_unknown_page_is_a_404_with_a_body_and_nothing_outside_the_site_is_served()
    {
        var context = await NewContextAsync();
        var page = await context.NewPageAsync();

        var unknown = await page.GotoAsync(new Uri(Site, "nope.html").ToString());
        var outside = await page.GotoAsync(new Uri(Site, "..%2FImServerTests.Server.dll").ToString());

        unknown!.Status.Should().Be(404);
        (await page.ContentAsync()).Should().Contain("Not found");
        outside!.Status.Should().Be(404);
    }

    private Regex ChatUrl() => new(Regex.Escape(new Uri(Site, "chat.html").ToString()) + "$");

    // Ids, recorded values and the header differ from run to run; the steps and their rules must not.
    private static string Comparable(string yaml) =>
        string.Join('\n', yaml.Split('\n')
            .Where(line => !line.StartsWith('#') && !line.StartsWith("description:", StringComparison.Ordinal))
            .Select(line => RecordedComment().Replace(line, "").TrimEnd()));

    [GeneratedRegex("  # recorded: .*$")]
    private static partial Regex RecordedComment();
}
