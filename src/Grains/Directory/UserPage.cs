namespace OrleansAuth.Grains.Directory;

/// <summary>One page of the users listing and how many users there are in all.</summary>
public sealed record UserPage(IReadOnlyList<UserSummary> Items, long Total);
