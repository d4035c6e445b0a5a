using Microsoft.Extensions.Options;
using OrleansAuth.Hosting.Events;

namespace OrleansAuth.Hosting.Tests.Events;

public sealed class EventsOptionsValidatorTests
{
    private const string Secret = WebhookReceiver.Secret;

    public static TheoryData<string, string?, string> InvalidSettings => new()
    {
        { "WebhookUrl", "not a url", "Events:WebhookUrl" },
        { "WebhookUrl", "ftp://example.com/hook", "Events:WebhookUrl" },
        { "WebhookUrl", "/relative/hook", "Events:WebhookUrl" },
        { "RequestTimeout", "00:00:00", "Events:RequestTimeout" },
        { "PollInterval", "-00:00:01", "Events:PollInterval" },
        { "MinRetryDelay", "00:00:00", "Events:MinRetryDelay" },
        { "MaxRetryDelay", "00:00:00.500", "Events:MaxRetryDelay" },
        { "LeaseDuration", "00:00:15", "Events:LeaseDuration" },
        { "BatchSize", "0", "Events:BatchSize" },
        { "BatchSize", "1001", "Events:BatchSize" },
        { "MaxConcurrentDeliveries", "65", "Events:MaxConcurrentDeliveries" },
        { "BreakerFailureRatio", "0", "Events:BreakerFailureRatio" },
        { "BreakerMinimumThroughput", "1", "Events:BreakerMinimumThroughput" },
        { "BreakerSamplingDuration", "00:00:00.100", "Events:BreakerSamplingDuration" },
        { "BreakerBreakDuration", "00:00:00.100", "Events:BreakerBreakDuration" },
    };

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        Assert.True(new EventsOptionsValidator().Validate(null, new EventsOptions()).Succeeded);
        Assert.True(new EventsOptionsValidator().Validate(null, new EventsOptions { WebhookUrl = "https://hooks.example.com/auth", WebhookSecret = Secret }).Succeeded);
    }

    [Fact]
    public void Validate_UrlWithoutSecret_FailsNamingSecret()
    {
        var result = new EventsOptionsValidator().Validate(null, new EventsOptions { WebhookUrl = "https://hooks.example.com/auth" });

        Assert.True(result.Failed);
        Assert.Contains("Events:WebhookSecret is required", result.FailureMessage);
    }

    [Fact]
    public void Validate_ShortSecret_FailsWithoutRevealingIt()
    {
        var result = new EventsOptionsValidator().Validate(null, new EventsOptions { WebhookUrl = "http://127.0.0.1:9/hook", WebhookSecret = "short-secret-31-bytes-long-xxxx" });

        Assert.True(result.Failed);
        Assert.Contains("Events:WebhookSecret must be at least 32 bytes", result.FailureMessage);
        Assert.DoesNotContain("short-secret", result.FailureMessage);
    }

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public async Task StartAsync_InvalidSetting_FailsNamingKey(string key, string? value, string expectedKey)
    {
        var settings = new Dictionary<string, string?>
        {
            ["WebhookUrl"] = "http://127.0.0.1:9/hook",
            ["WebhookSecret"] = Secret,
            [key] = value,
        };
        using var host = DeliveryHost.Build("sqlite", "Data Source=:memory:", settings);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expectedKey, failure.Message);
    }
}
