using Microsoft.Playwright;

namespace OrleansAuth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium driven by Playwright (DEPENDENCIES.md): the browser of the <c>chromium</c> package, never a
/// downloaded one, headless, with everything that would reach the network on its own turned off.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] _candidates = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = _candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("Chromium is not installed: apt-get install chromium (scripts/test.sh installs it).");
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
