using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAuth.EndToEnd.Tests.Dashboard;

/// <summary>
/// The dashboard and Swagger UI in a real (headless) browser against a real 2-silo cluster on PostgreSQL: an
/// administrator signs in through the page's form, and the page shows both silos and the activations the logins
/// made. Every request the browser makes must stay on the API's origin (the pages work offline). /metrics of the
/// same cluster reports both silos, fetched over the silo transport.
/// </summary>
public sealed class DashboardBrowserTests(TwoSiloAdminCluster cluster, ITestOutputHelper output) : IClassFixture<TwoSiloAdminCluster>
{
    private const string Password = "Correct-Horse-42-battery!";
    private const int UserCount = 6;

    // Generous for a loaded 2-core machine: one poll round trip fans out to both silos.
    private static readonly float _waitMs = (float)TimeSpan.FromSeconds(60).TotalMilliseconds;

    [Fact]
    public async Task Dashboard_AdminSignsInAfterLogins_ShowsBothSilosWithActivations()
    {
        using var http = new HttpClient { BaseAddress = cluster.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        await RegisterAndLogInAsync(http, TwoSiloAdminCluster.AdminEmail);
        for (var i = 0; i < UserCount; i++)
        {
            await RegisterAndLogInAsync(http, $"dashboard-{i}-{Guid.NewGuid():N}@example.com");
        }

        var (playwright, browser) = await HeadlessChromium.LaunchAsync();
        using (playwright)
        {
            await using (browser)
            {
                var page = await browser.NewPageAsync();
                var external = TrackExternalRequests(page);
                await page.GotoAsync(new Uri(cluster.ApiUrl, "/dashboard").ToString());

                // Production: the data needs an administrator; the page asks for one.
                await page.Locator("#signin").WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = _waitMs });
                await page.FillAsync("#email", TwoSiloAdminCluster.AdminEmail);
                await page.FillAsync("#password", Password);
                await page.ClickAsync("#signin button[type=submit]");

                await page.WaitForFunctionAsync(
                    """
                    () => {
                      const rows = [...document.querySelectorAll('#silos tbody tr.silo')];
                      const active = rows.filter(r => r.querySelector('.badge')?.textContent === 'Active');
                      const activations = Number((document.getElementById('tile-activations').textContent || '0').replace(/[^0-9]/g, ''));
                      return active.length === 2 && activations > 0;
                    }
                    """,
                    null,
                    new() { Timeout = _waitMs, PollingInterval = 250 });

                var siloNames = await page.Locator("#silos tbody tr.silo td:first-child").AllTextContentsAsync();
                Assert.Equal(["silo1", "silo2"], siloNames.Order(StringComparer.Ordinal));
                Assert.Contains("LoginAsync", await page.Locator("#grains").TextContentAsync() ?? string.Empty, StringComparison.Ordinal);
                await SaveScreenshotAsync(page, "dashboard.png");

                await page.GotoAsync(new Uri(cluster.ApiUrl, "/docs").ToString());
                await page.Locator(".swagger-ui .opblock-summary-path[data-path='/api/v1/auth/login']")
                    .WaitForAsync(new() { State = WaitForSelectorState.Visible, Timeout = _waitMs });
                await SaveScreenshotAsync(page, "swagger-ui.png");

                Assert.True(external.Count == 0, "The pages requested other origins: " + string.Join(", ", external));
            }
        }
    }

    [Fact]
    public async Task Metrics_TwoSiloCluster_ReportsEverySiloAndTheClientsBreakers()
    {
        using var http = new HttpClient { BaseAddress = cluster.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };

        // Enough users that both silos own some (all on one silo: 2 × 2^-16).
        for (var i = 0; i < 16; i++)
        {
            await RegisterAndLogInAsync(http, $"metrics-{i}-{Guid.NewGuid():N}@example.com");
        }

        // The cluster figures are sampled at most once a second; wait for a sample taken after the logins.
        PrometheusText? text = null;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            text = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
            if (text.Find("orleansauth_grain_calls_total", ("method", "LoginAsync")).Select(s => s.Labels["silo_name"]).Distinct().Count() == 2
                && text.Find("orleansauth_circuit_breaker_state").Count() == 2)
            {
                break;
            }

            await Task.Delay(200);
        }

        Assert.NotNull(text);
        Assert.Equal(2, text.Sum("orleansauth_cluster_members", ("status", "Active")));
        Assert.Equal(["silo1", "silo2"], text.Find("orleansauth_silo_activations").Select(s => s.Labels["silo_name"]).Distinct().Order(StringComparer.Ordinal));
        Assert.True(text.Sum("orleansauth_grain_calls_total", ("method", "LoginAsync")) >= 16);
        var breakers = text.Find("orleansauth_circuit_breaker_state").ToArray();
        Assert.Equal(2, breakers.Length);
        Assert.All(breakers, b => Assert.StartsWith("silo:127.0.0.1:", b.Labels["breaker"], StringComparison.Ordinal));
        Assert.All(breakers, b => Assert.Equal(0, b.Value));
        Assert.True(text.Sum("orleansauth_auth_logins_total", ("result", "succeeded")) >= 16);
    }

    private List<string> TrackExternalRequests(IPage page)
    {
        var external = new List<string>();
        var origin = cluster.ApiUrl.GetLeftPart(UriPartial.Authority);
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
            {
                lock (external)
                {
                    external.Add(request.Url);
                }
            }
        };
        return external;
    }

    private async Task SaveScreenshotAsync(IPage page, string fileName)
    {
        // scripts/test.sh writes this project's results to TestResults/EndToEnd.Tests.
        var path = RepositoryPaths.Combine("TestResults", "EndToEnd.Tests", "screenshots", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        output.WriteLine($"Screenshot: {path}");
    }

    private static async Task RegisterAndLogInAsync(HttpClient http, string email)
    {
        using var registered = await http.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password, password_confirmation = Password });
        Assert.True(registered.StatusCode == HttpStatusCode.Created, $"register {email}: {(int)registered.StatusCode} {await registered.Content.ReadAsStringAsync()}");
        using var login = await http.PostAsJsonAsync("/api/v1/auth/login", new { email, password = Password });
        Assert.True(login.StatusCode == HttpStatusCode.OK, $"login {email}: {(int)login.StatusCode} {await login.Content.ReadAsStringAsync()}");
    }
}
