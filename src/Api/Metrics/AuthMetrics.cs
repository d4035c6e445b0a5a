using System.Diagnostics.Metrics;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Api.Metrics;

/// <summary>Outcomes of logins and refreshes, counted at the API edge from the grains' answers.</summary>
internal sealed class AuthMetrics
{
    public const string MeterName = "OrleansAuth.Api";

    private readonly Counter<long> _logins;
    private readonly Counter<long> _reuseDetections;

    public AuthMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _logins = meter.CreateCounter<long>(
            "orleansauth.auth.logins",
            description: "Login attempts by result: succeeded, failed (wrong credentials, unverified, disabled) or locked (refused by the lockout).");
        _reuseDetections = meter.CreateCounter<long>(
            "orleansauth.auth.refresh_reuse_detected",
            description: "Refresh tokens presented again after rotation (outside the leeway); each revoked its session.");
    }

    public void OnLogin<T>(AuthResult<T> result)
        where T : class
    {
        var outcome = result.Succeeded ? "succeeded" : result.Error.Code == AuthErrorCode.AccountLocked ? "locked" : "failed";
        _logins.Add(1, new KeyValuePair<string, object?>("result", outcome));
    }

    public void OnRefresh<T>(AuthResult<T> result)
        where T : class
    {
        if (!result.Succeeded && result.Error.Code == AuthErrorCode.TokenReused)
        {
            _reuseDetections.Add(1);
        }
    }
}
