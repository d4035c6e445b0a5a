using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Grains.Tests.Passwords;

public sealed class AuthOptionsTests
{
    [Fact]
    public void Defaults_MatchTheDesign()
    {
        var options = Bind([]);

        Assert.Equal(TimeSpan.FromDays(7), options.RefreshTokenLifetime);
        Assert.Equal(TimeSpan.FromSeconds(10), options.RefreshReuseLeeway);
        Assert.Equal((5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(15)), (options.Lockout.MaxFailures, options.Lockout.BaseDuration, options.Lockout.MaxDuration));
        Assert.False(options.RequireVerifiedEmail);
        Assert.Equal((PasswordHashAlgorithm.Argon2id, 19_456, 2, 1), (options.PasswordHashing.Algorithm, options.PasswordHashing.Argon2MemoryKib, options.PasswordHashing.Argon2Iterations, options.PasswordHashing.Argon2Parallelism));
        Assert.Equal(210_000, options.PasswordHashing.Pbkdf2Iterations);
        Assert.Equal((8, 128, true, false), (options.PasswordPolicy.MinLength, options.PasswordPolicy.MaxLength, options.PasswordPolicy.RejectCommonPasswords, options.PasswordPolicy.RequireComposition));
    }

    [Fact]
    public void Bind_ConfiguredKeys_AreRead()
    {
        var options = Bind(new()
        {
            ["Auth:RefreshReuseLeeway"] = "00:00:30",
            ["Auth:Lockout:MaxFailures"] = "3",
            ["Auth:PasswordHashing:Algorithm"] = "Pbkdf2Sha512",
            ["Auth:AdminEmails:0"] = "Boss@Example.com",
        });

        Assert.Equal(TimeSpan.FromSeconds(30), options.RefreshReuseLeeway);
        Assert.Equal(3, options.Lockout.MaxFailures);
        Assert.Equal(PasswordHashAlgorithm.Pbkdf2Sha512, options.PasswordHashing.Algorithm);
        Assert.Equal(["Boss@Example.com"], options.AdminEmails);
    }

    [Theory]
    [InlineData("Auth:PasswordHashing:Argon2MemoryKib", "16384")]
    [InlineData("Auth:PasswordHashing:Argon2Iterations", "1")]
    [InlineData("Auth:PasswordHashing:Pbkdf2Iterations", "100000")]
    [InlineData("Auth:PasswordPolicy:MinLength", "6")]
    [InlineData("Auth:PasswordPolicy:MaxLength", "256")]
    [InlineData("Auth:Lockout:MaxFailures", "0")]
    [InlineData("Auth:Lockout:MaxDuration", "00:00:30")]
    [InlineData("Auth:RefreshTokenLifetime", "00:00:00")]
    [InlineData("Auth:RefreshReuseLeeway", "01:00:00")]
    [InlineData("Auth:MaxSessionsPerUser", "0")]
    [InlineData("Auth:AdminEmails:0", "not-an-email")]
    public async Task StartAsync_UnsafeSetting_FailsNamingTheKey(string key, string value)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddUserGrains(builder.Configuration);
        using var host = builder.Build();

        var exception = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(key.Replace(":0", string.Empty, StringComparison.Ordinal), exception.Message, StringComparison.Ordinal);
    }

    private static AuthOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddUserGrains(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<AuthOptions>>().Value;
    }
}
