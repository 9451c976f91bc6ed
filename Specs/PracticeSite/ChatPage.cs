using Microsoft.Playwright;
namespace ImServerTests.Specs.PracticeSite;

/// <summary>The practice chat page, in the words a user sees it: the partner, the bubbles, the raw frames, the error banner.</summary>
internal sealed class ChatPage(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator Partner => Page.Locator("#partner");

    public ILocator Error => Page.Locator("#error");

    public ILocator Receipts => Page.Locator(".bubble.receipt .text");

    public ILocator Replies => Page.Locator(".bubble.incoming .text");

    public ILocator Refusals => Page.Locator(".bubble.refusal .text");

    public ILocator RawFrames => Page.Locator("#frames li");

    public static async Task<ChatPage> OpenAsync(IBrowserContext context, Uri address)
    {
        ArgumentNullException.ThrowIfNull(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(address.ToString());
        return new ChatPage(page);
    }

    /// <summary>The partner the match reply named (the teacher, or in the seat the customer), once it has arrived.</summary>
    public async Task<string> PartnerAsync()
    {
        await Microsoft.Playwright.Assertions.Expect(Partner).ToHaveAttributeAsync("data-partner", new System.Text.RegularExpressions.Regex(".+"));
        return (await Partner.GetAttributeAsync("data-partner"))!;
    }

    public async Task SayAsync(string text)
    {
        await Page.Locator("#text").FillAsync(text);
        await Page.Locator("#send").ClickAsync();
    }

    public async Task SendRawAsync(string text)
    {
        await Page.Locator("#raw summary").ClickAsync();
        await Page.Locator("#raw-text").FillAsync(text);
        await Page.Locator("#raw-send button").ClickAsync();
    }
}
