using OrleansAuth.Runtime.Membership;

namespace OrleansAuth.Runtime.Tests.Membership;

public sealed class ClusterMembershipOptionsValidatorTests
{
    [Fact]
    public void Validate_Defaults_SucceedAndDetectWithinTenSeconds()
    {
        var options = new ClusterMembershipOptions();

        Assert.True(new ClusterMembershipOptionsValidator().Validate(null, options).Succeeded);

        // Worst case for a hung silo: every probe runs into its timeout before the limit of misses is reached.
        var detection = (options.ProbeInterval + options.ProbeTimeout) * options.NumMissedProbesLimit;
        Assert.True(detection <= TimeSpan.FromSeconds(10), $"Defaults need {detection} to detect a hung silo.");
    }

    [Theory]
    [InlineData(nameof(ClusterMembershipOptions.ProbeInterval))]
    [InlineData(nameof(ClusterMembershipOptions.ProbeTimeout))]
    [InlineData(nameof(ClusterMembershipOptions.IAmAliveInterval))]
    [InlineData(nameof(ClusterMembershipOptions.TableRefreshInterval))]
    [InlineData(nameof(ClusterMembershipOptions.MaxJoinAttemptTime))]
    [InlineData(nameof(ClusterMembershipOptions.DefunctSiloCleanupAge))]
    [InlineData(nameof(ClusterMembershipOptions.DefunctSiloCleanupInterval))]
    public void Validate_NonPositiveDuration_FailsNamingTheKey(string property)
    {
        var options = new ClusterMembershipOptions();
        typeof(ClusterMembershipOptions).GetProperty(property)!.SetValue(options, TimeSpan.Zero);

        var result = new ClusterMembershipOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Membership:{property} must be a positive duration", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(nameof(ClusterMembershipOptions.NumMissedProbesLimit))]
    [InlineData(nameof(ClusterMembershipOptions.NumProbedSilos))]
    [InlineData(nameof(ClusterMembershipOptions.NumVotesForDeathDeclaration))]
    [InlineData(nameof(ClusterMembershipOptions.NumMissedIAmAlivesLimit))]
    public void Validate_CountBelowOne_FailsNamingTheKey(string property)
    {
        var options = new ClusterMembershipOptions();
        typeof(ClusterMembershipOptions).GetProperty(property)!.SetValue(options, 0);

        var result = new ClusterMembershipOptionsValidator().Validate(null, options);

        Assert.Contains($"Membership:{property} must be at least 1", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_VotesExpireBeforeASecondVoterCanVote_Fails()
    {
        var options = new ClusterMembershipOptions { DeathVoteExpiration = TimeSpan.FromSeconds(5) };

        var result = new ClusterMembershipOptionsValidator().Validate(null, options);

        Assert.Contains("Membership:DeathVoteExpiration", result.FailureMessage, StringComparison.Ordinal);
    }
}
