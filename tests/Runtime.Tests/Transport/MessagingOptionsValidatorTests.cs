using OrleansAuth.Runtime.Messaging;

namespace OrleansAuth.Runtime.Tests.Transport;

public sealed class MessagingOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        Assert.True(new MessagingOptionsValidator().Validate(null, new MessagingOptions()).Succeeded);
    }

    [Theory]
    [InlineData("Messaging:ConnectTimeout")]
    [InlineData("Messaging:ReconnectDelay")]
    [InlineData("Messaging:MaxReconnectDelay")]
    [InlineData("Messaging:ResponseTimeoutCheckPeriod")]
    [InlineData("Messaging:ShutdownDrainTimeout")]
    public void Validate_NonPositiveDuration_FailsNamingTheKey(string key)
    {
        var options = new MessagingOptions();
        typeof(MessagingOptions).GetProperty(key["Messaging:".Length..])!.SetValue(options, TimeSpan.Zero);

        var result = new MessagingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"{key} must be a positive duration", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 4_194_304, "Messaging:ConnectionsPerSilo")]
    [InlineData(17, 4_194_304, "Messaging:ConnectionsPerSilo")]
    [InlineData(1, 1023, "Messaging:MaxMessageSize")]
    public void Validate_OutOfRangeSize_FailsNamingTheKey(int connectionsPerSilo, int maxMessageSize, string key)
    {
        var options = new MessagingOptions { ConnectionsPerSilo = connectionsPerSilo, MaxMessageSize = maxMessageSize };

        var result = new MessagingOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_EmptyClusterId_FailsNamingTheKey()
    {
        var result = new MessagingOptionsValidator().Validate(null, new MessagingOptions { ClusterId = " " });

        Assert.Contains("Cluster:ClusterId", result.FailureMessage, StringComparison.Ordinal);
    }
}
