using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Api.Tests.Infrastructure;
using OrleansAuth.Api.Tokens;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Hosting.Tests.Storage;

namespace OrleansAuth.Api.Tests.Tokens;

/// <summary>
/// The cache of already verified access tokens saves the signature check, and nothing else: sessions are still checked,
/// expiry still applies, altered or failed tokens are never answered from it, and it stays within its bound.
/// </summary>
public sealed class VerifiedTokenCacheTests(SqliteDatabaseFixture fixture) : AuthHostTest<SqliteDatabaseFixture>(fixture)
{
    private readonly GrainCallCounter _calls = new();

    private VerifiedTokenCache Cache => Host.Services.GetRequiredService<VerifiedTokenCache>();

    [Fact]
    public async Task ValidateToken_SameTokenTwice_RemembersItOnceAndStaysValid()
    {
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());

        var first = await Api.ValidateAsync(genuine.AccessToken);
        Assert.True(Cache.TryGet(genuine.AccessToken, out _, out _));
        var second = await Api.ValidateAsync(genuine.AccessToken);

        Assert.True(first.GetProperty("is_valid").GetBoolean());
        Assert.True(second.GetProperty("is_valid").GetBoolean());
        Assert.Equal(first.GetProperty("expires_at").GetDateTimeOffset(), second.GetProperty("expires_at").GetDateTimeOffset());
        Assert.Equal(1, Cache.Count);
    }

    [Fact]
    public async Task Me_CachedTokenOfEndedSession_IsRefused()
    {
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        using (var me = await Api.SendAsync(HttpMethod.Get, "me", genuine.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        Assert.True(Cache.TryGet(genuine.AccessToken, out _, out _));
        using (var logout = await Api.PostAsync("logout", null, genuine.AccessToken))
        {
            Assert.Equal(HttpStatusCode.NoContent, logout.StatusCode);
        }

        using var after = await Api.SendAsync(HttpMethod.Get, "me", genuine.AccessToken);
        var validation = await Api.ValidateAsync(genuine.AccessToken);

        await AuthApi.ProblemAsync(after, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        Assert.Equal("Bearer", after.Headers.WwwAuthenticate.Single().Scheme);
        Assert.False(validation.GetProperty("is_valid").GetBoolean());
    }

    [Fact]
    public async Task Me_HandlerChecksTheSession_OneGrainCallPerRequest()
    {
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        long Calls(string method) => _calls.Count(method);
        var checksBefore = Calls(nameof(IUserGrain.ValidateSessionAsync));
        var profilesBefore = Calls(nameof(IUserGrain.GetProfileAsync));

        using (var me = await Api.SendAsync(HttpMethod.Get, "me", genuine.AccessToken))
        {
            Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        }

        Assert.Equal(checksBefore, Calls(nameof(IUserGrain.ValidateSessionAsync)));
        Assert.Equal(profilesBefore + 1, Calls(nameof(IUserGrain.GetProfileAsync)));
    }

    [Fact]
    public async Task ValidateToken_CachedTokenPastExp_IsCheckedInFullWithTheSkew()
    {
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        Assert.True((await Api.ValidateAsync(genuine.AccessToken)).GetProperty("is_valid").GetBoolean());

        Time.Advance(TimeSpan.FromMinutes(15) + TimeSpan.FromSeconds(1));
        Assert.False(Cache.TryGet(genuine.AccessToken, out _, out _));
        Assert.True((await Api.ValidateAsync(genuine.AccessToken)).GetProperty("is_valid").GetBoolean());
        Time.Advance(TimeSpan.FromSeconds(30));
        var validation = await Api.ValidateAsync(genuine.AccessToken);

        Assert.False(validation.GetProperty("is_valid").GetBoolean());
        Assert.Equal("EXPIRED_TOKEN", validation.GetProperty("code").GetString());
        Assert.Equal(0, Cache.Count);
    }

    [Fact]
    public async Task ValidateToken_AlteredCopyOfCachedToken_IsRefused()
    {
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        Assert.True((await Api.ValidateAsync(genuine.AccessToken)).GetProperty("is_valid").GetBoolean());

        // Same header and payload, one signature character changed: a different string, so a full (failing) check.
        var last = genuine.AccessToken[^2];
        var altered = genuine.AccessToken[..^2] + (last == 'A' ? 'B' : 'A') + genuine.AccessToken[^1];
        var validation = await Api.ValidateAsync(altered);
        using var me = await Api.SendAsync(HttpMethod.Get, "me", altered);

        Assert.False(validation.GetProperty("is_valid").GetBoolean());
        await AuthApi.ProblemAsync(me, HttpStatusCode.Unauthorized, "INVALID_TOKEN");
        Assert.False(Cache.TryGet(altered, out _, out _));
    }

    [Fact]
    public async Task ValidateToken_TokenThatFailed_IsNotRemembered()
    {
        var genuine = await Api.RegisterAndLoginAsync(AuthApi.NewEmail());
        var parts = genuine.AccessToken.Split('.');
        var unsigned = $"{parts[0]}.{parts[1]}.";

        Assert.False((await Api.ValidateAsync(unsigned)).GetProperty("is_valid").GetBoolean());
        Assert.False((await Api.ValidateAsync(unsigned)).GetProperty("is_valid").GetBoolean());

        Assert.Equal(0, Cache.Count);
    }

    [Fact]
    public async Task ValidateToken_MoreTokensThanCapacity_CacheStaysBoundedAndEveryTokenValid()
    {
        var (host, api) = Start(("Auth:VerifiedTokenCacheSize", "2"));
        await using var _ = host;
        using var client = api.Client;
        var email = AuthApi.NewEmail();
        await api.RegisterAsync(email);
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add((await api.LoginAsync(email)).AccessToken);
        }

        foreach (var token in tokens)
        {
            Assert.True((await api.ValidateAsync(token)).GetProperty("is_valid").GetBoolean());
            Assert.InRange(host.Services.GetRequiredService<VerifiedTokenCache>().Count, 1, 2);
        }
    }

    [Fact]
    public async Task ValidateToken_CacheSizeZero_RemembersNothing()
    {
        var (host, api) = Start(("Auth:VerifiedTokenCacheSize", "0"));
        await using var _ = host;
        using var client = api.Client;
        var genuine = await api.RegisterAndLoginAsync(AuthApi.NewEmail());

        Assert.True((await api.ValidateAsync(genuine.AccessToken)).GetProperty("is_valid").GetBoolean());
        Assert.True((await api.ValidateAsync(genuine.AccessToken)).GetProperty("is_valid").GetBoolean());

        Assert.Equal(0, host.Services.GetRequiredService<VerifiedTokenCache>().Count);
    }

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<IIncomingGrainCallFilter>(_calls);

    /// <summary>Counts the grain calls the embedded silo receives, per method name.</summary>
    private sealed class GrainCallCounter : IIncomingGrainCallFilter
    {
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _calls = new();

        public long Count(string method) => _calls.GetValueOrDefault(method);

        public Task Invoke(IIncomingGrainCallContext context)
        {
            _calls.AddOrUpdate(context.MethodName, 1, (_, count) => count + 1);
            return context.Invoke();
        }
    }
}
