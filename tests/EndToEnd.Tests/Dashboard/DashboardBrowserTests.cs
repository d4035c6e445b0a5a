using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansAuth.EndToEnd.Tests.Dashboard;

/// <summary>
/// The Orleans dashboard (<c>/dashboard</c>) and Swagger UI in a real (headless) browser against a real 2-silo cluster on
/// PostgreSQL, the API node an Orleans client in Development (the dashboard is open without sign-in there): after some
/// logins the page shows both silos active, every request it makes succeeds and stays on the API's origin (the pages
/// work offline). /metrics of the same API node reports the logins and the Orleans client's meter.
/// </summary>
public sealed class DashboardBrowserTests(TwoSiloAdminCluster cluster, ITestOutputHelper output) : IClassFixture<TwoSiloAdminCluster>
{
    private const string Password = "Correct-Horse-42-battery!";
    private const int UserCount = 6;

    // Generous for a loaded 2-core machine: the dashboard's first poll fans out to both silos.
    private static readonly float _waitMs = (float)TimeSpan.FromSeconds(60).TotalMilliseconds;

    [Fact]
    public async Task Metrics_ClientNode_ReportsLoginsAndOrleansClientMeter()
    {
        using var http = new HttpClient { BaseAddress = cluster.ApiUrl, Timeout = TimeSpan.FromSeconds(60) };
        for (var i = 0; i < 16; i++)
        {
            await RegisterAndLogInAsync(http, $"metrics-{i}-{Guid.NewGuid():N}@example.com");
        }

        var text = PrometheusText.Parse(await http.GetStringAsync("/metrics"));

        Assert.True(text.Sum("orleansauth_auth_logins_total", ("result", "succeeded")) >= 16);
        var orleans = text.Samples.Select(s => s.Name).Where(name => name.StartsWith("orleans_", StringComparison.Ordinal)).Distinct().ToArray();
        output.WriteLine($"Orleans series on the client node: {string.Join(", ", orleans)}");
        Assert.NotEmpty(orleans);

        // The client node is connected to the gateways of the two silos it sent the logins through (one at least).
        Assert.InRange(text.Sum("orleans_client_connected_gateways"), 1, 2);
    }

    private List<string> TrackFailedRequests(IPage page)
    {
        var failed = new List<string>();
        page.RequestFailed += (_, request) =>
        {
            lock (failed)
            {
                failed.Add($"{request.Method} {request.Url}: {request.Failure}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                lock (failed)
                {
                    failed.Add($"{response.Request.Method} {response.Url}: {response.Status}");
                }
            }
        };
        return failed;
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
