using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;
using OrleansAuth.Runtime.Cluster;

namespace OrleansAuth.Runtime.Membership.Table;

/// <summary>The suspect_times column: a JSON array of {"voter": "host:port@generation", "time": ISO-8601}.</summary>
internal static partial class SuspicionVoteJson
{
    public static string Write(ImmutableArray<SuspicionVote> votes) =>
        votes.IsDefaultOrEmpty
            ? "[]"
            : JsonSerializer.Serialize(votes.Select(v => new StoredVote(v.Voter.ToString(), v.Time)).ToArray(), Context.Default.StoredVoteArray);

    /// <summary>The votes in <paramref name="json"/>; entries that do not parse are dropped (a vote is advisory).</summary>
    public static ImmutableArray<SuspicionVote> Read(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == "[]")
        {
            return [];
        }

        StoredVote[]? stored;
        try
        {
            stored = JsonSerializer.Deserialize(json, Context.Default.StoredVoteArray);
        }
        catch (JsonException)
        {
            return [];
        }

        var votes = ImmutableArray.CreateBuilder<SuspicionVote>(stored?.Length ?? 0);
        foreach (var vote in stored ?? [])
        {
            if (vote is not null && SiloAddress.TryParse(vote.Voter, out var voter))
            {
                votes.Add(new SuspicionVote(voter.Value, vote.Time));
            }
        }

        return votes.ToImmutable();
    }

    internal sealed record StoredVote(string Voter, DateTimeOffset Time);

    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
    [JsonSerializable(typeof(StoredVote[]))]
    internal sealed partial class Context : JsonSerializerContext;
}
