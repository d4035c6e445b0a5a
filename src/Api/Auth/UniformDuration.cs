using System.Diagnostics;

namespace OrleansAuth.Api.Auth;

/// <summary>
/// For endpoints that answer 202 whether or not the email has an account (forgot-password, resend-verification): the
/// answer must not take longer when it does. For a known account the grain issues a token and writes it (a storage
/// transaction, ~1–5 ms); for an unknown one it does nothing (~0.3 ms) — a timing oracle measured at 5.4 ms vs
/// 0.26 ms on PostgreSQL. Equalizing the work would mean a write for every unknown email (storage an attacker could
/// fill); instead every answer is held until <see cref="Minimum"/> after the request reached the handler, well above
/// the known path's usual cost. Under overload a known path slower than the floor still shows, which the per-address
/// rate limit of these endpoints bounds.
/// </summary>
internal static class UniformDuration
{
    public static readonly TimeSpan Minimum = TimeSpan.FromMilliseconds(50);

    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var result = await next(context);
        var remaining = Minimum - Stopwatch.GetElapsedTime(started);
        if (remaining > TimeSpan.Zero)
        {
            // Wall-clock time on purpose: what matters is what the caller's stopwatch sees, even where a test fakes the
            // host's TimeProvider.
            await Task.Delay(remaining, TimeProvider.System, context.HttpContext.RequestAborted);
        }

        return result;
    }
}
