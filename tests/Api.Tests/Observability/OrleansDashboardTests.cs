using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Observability;

/// <summary>
/// The Orleans dashboard at /dashboard outside Development: admin only, and never the grain-state view or the log
/// trace, which would show password hashes and request details.
/// </summary>
public sealed class OrleansDashboardTests(SqliteDatabaseFixture fixture) : AuthHostTest<SqliteDatabaseFixture>(fixture)
{
    // One key for the class: its tests share the fixture's database and so its sealed signing keys.
    private static readonly string EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    private readonly string _adminEmail = AuthApi.NewEmail();

    // Outside Development, where the dashboard is admin only (Production also wants a signing-key encryption key).
    protected override (string Key, string? Value)[] Settings =>
    [
        ("Auth:AdminEmails:0", _adminEmail),
        ("environment", "Production"),
        ("Auth:SigningKeys:EncryptionKey", EncryptionKey),
    ];

    [Fact]
    public async Task Dashboard_ByCaller_401Anonymous403User200Admin()
    {
        var user = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        var admin = await Api.RegisterAndLoginAsync(_adminEmail);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync("/dashboard/DashboardCounters", null));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync("/dashboard/DashboardCounters", user.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/dashboard/DashboardCounters", admin.AccessToken));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync("/dashboard/index.html", admin.AccessToken));
    }

    [Fact]
    public async Task GrainStateAndTrace_EvenForAdmin_NotFound()
    {
        var admin = await Api.RegisterAndLoginAsync(_adminEmail);

        Assert.Equal(
            HttpStatusCode.NotFound,
            await StatusAsync($"/dashboard/GrainState?grainId={Uri.EscapeDataString(_adminEmail)}&grainType=OrleansAuth.Grains.Users.UserGrain", admin.AccessToken));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync("/dashboard/Trace", admin.AccessToken));
    }

    private async Task<HttpStatusCode> StatusAsync(string path, string? bearer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await Api.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }
}
