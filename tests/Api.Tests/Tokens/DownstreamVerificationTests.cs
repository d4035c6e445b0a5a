using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Tokens;

/// <summary>
/// A downstream service that knows only the issuer URL: a separate ASP.NET app on its own Kestrel socket whose
/// JwtBearer handler finds the keys through discovery and the JWKS, as any resource server would.
/// </summary>
public sealed class DownstreamVerificationTests(SqliteDatabaseFixture sqlite) : IClassFixture<SqliteDatabaseFixture>
{
    [Fact]
    public async Task AccessToken_FromTheApi_ValidatesInADownstreamAppConfiguredOnlyWithTheIssuer()
    {
        var issuer = $"http://127.0.0.1:{FreePort.Next()}";
        await using var api = ApiHost.Sqlite(sqlite.ConnectionString, ("urls", issuer), ("Auth:Issuer", issuer), ("RateLimiting:Enabled", "false"));
        using var apiClient = api.CreateRealClient();
        Assert.Equal(issuer, apiClient.BaseAddress!.GetLeftPart(UriPartial.Authority));
        var auth = new AuthApi(apiClient);
        var email = AuthApi.NewEmail();
        var tokens = await auth.RegisterAndLoginAsync(email);

        await using var downstream = await StartDownstreamAsync(issuer);
        using var client = new HttpClient { BaseAddress = new Uri(downstream.Urls.Single()) };

        var whoami = await SendAsync(client, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, whoami.StatusCode);
        Assert.Equal(tokens.UserId.ToString(), whoami.Body.GetProperty("sub").GetString());
        Assert.Equal(email, whoami.Body.GetProperty("email").GetString());

        // The same token with a forged signature, and a token of a key the issuer never published, are refused.
        var parts = tokens.AccessToken.Split('.');
        using var attacker = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, Jwt.SignEs256(parts[0], parts[1], attacker))).StatusCode);
        var foreignHeader = Jwt.Encode(new { alg = "ES256", typ = "at+jwt", kid = "not-published" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, Jwt.SignEs256(foreignHeader, parts[1], attacker))).StatusCode);
    }

    [Fact]
    public async Task Discovery_NamesTheIssuerAndItsKeySet()
    {
        await using var api = ApiHost.Sqlite(sqlite.ConnectionString, ("Auth:Issuer", "https://auth.example.com/"));
        using var client = api.CreateRealClient();

        var configuration = await client.GetFromJsonAsync<JsonElement>("/.well-known/openid-configuration");
        var jwks = await client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");

        Assert.Equal("https://auth.example.com", configuration.GetProperty("issuer").GetString());
        Assert.Equal("https://auth.example.com/.well-known/jwks.json", configuration.GetProperty("jwks_uri").GetString());
        Assert.Equal(["ES256"], configuration.GetProperty("id_token_signing_alg_values_supported").EnumerateArray().Select(a => a.GetString()));
        var key = Assert.Single(jwks.GetProperty("keys").EnumerateArray());
        Assert.Equal("EC", key.GetProperty("kty").GetString());
        Assert.Equal("P-256", key.GetProperty("crv").GetString());
        Assert.Equal("ES256", key.GetProperty("alg").GetString());
        Assert.Equal("sig", key.GetProperty("use").GetString());
        Assert.False(key.TryGetProperty("d", out _), "The JWKS must never carry the private key.");
        Assert.Equal(32, Convert.FromBase64String(Pad(key.GetProperty("x").GetString()!)).Length);
    }

    private static async Task<WebApplication> StartDownstreamAsync(string issuer)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.Authority = issuer;
            options.Audience = "orleans-auth";
            options.RequireHttpsMetadata = false; // the test issuer is plain HTTP on loopback
            options.TokenValidationParameters.ValidAlgorithms = ["ES256"];
        });
        builder.Services.AddAuthorization();
        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapGet("/whoami", (ClaimsPrincipal user) => Results.Json(new
        {
            sub = user.FindFirst("sub")?.Value ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value,
            email = user.FindFirst("email")?.Value ?? user.FindFirst(ClaimTypes.Email)?.Value,
        })).RequireAuthorization();
        await app.StartAsync();
        return app;
    }

    private static async Task<(HttpStatusCode StatusCode, JsonElement Body)> SendAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static string Pad(string base64Url)
    {
        var text = base64Url.Replace('-', '+').Replace('_', '/');
        return text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '=');
    }

}
