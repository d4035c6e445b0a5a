namespace OrleansAuth.Api.Dashboard;

/// <summary>A silo's change of membership status as this node saw it.</summary>
/// <param name="Time">When it was seen (joins seen in the first view: the silo's start time).</param>
/// <param name="Silo">The silo identity (<c>host:port@generation</c>).</param>
/// <param name="Name">The silo's name.</param>
/// <param name="Kind"><c>joined</c>, <c>active</c>, <c>shutting_down</c> or <c>dead</c>.</param>
internal sealed record MembershipEvent(DateTimeOffset Time, string Silo, string Name, string Kind);
