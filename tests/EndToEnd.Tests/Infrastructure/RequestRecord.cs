namespace OrleansAuth.EndToEnd.Tests.Infrastructure;

/// <summary>One request of a load run. <paramref name="Status"/> 0: no answer (connection failed or timed out).</summary>
internal sealed record RequestRecord(string Operation, TimeSpan StartedAt, TimeSpan Duration, int Status, bool WellFormed)
{
    public TimeSpan EndedAt => StartedAt + Duration;

    /// <summary>A login that tries which of two passwords an unanswered password change left in place: 401 is an answer.</summary>
    public const string PasswordProbe = "login (password probe)";

    /// <summary>Not an answer the client could act on: anything but 2xx (and the probe's expected 401).</summary>
    public bool Failed => Status is < 200 or >= 300 && !(Status == 401 && Operation == PasswordProbe);
}
