using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using OrleansAuth.Api.Errors;

namespace OrleansAuth.Api.RateLimiting;

/// <summary>
/// The shared framework's rate limiter: one token bucket per client address per group (refilled evenly over the
/// minute, so a client that waits gets permits back gradually), and 429 RATE_LIMITED problem+json with Retry-After.
/// With <c>RateLimiting:Enabled=false</c> the policies exist but never limit.
/// </summary>
public static class RateLimitingServiceCollectionExtensions
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitingOptions>()
            .Bind(configuration.GetSection(RateLimitingOptions.SectionName))
            .Validate(options => options.PermitsPerMinute is >= 1 and <= 1_000_000, "RateLimiting:PermitsPerMinute must be between 1 and 1000000.")
            .ValidateOnStart();

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitingOptions>>((limiter, settings) =>
        {
            limiter.OnRejected = RejectAsync;
            foreach (var policy in RateLimitPolicies.All)
            {
                limiter.AddPolicy(policy, context => Partition(policy, context, settings.Value));
            }
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(string policy, HttpContext context, RateLimitingOptions settings)
    {
        if (!settings.Enabled)
        {
            return RateLimitPartition.GetNoLimiter(string.Empty);
        }

        // Behind a proxy this is the proxy's address unless forwarded headers are configured in front of the limiter.
        var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var permits = settings.PermitsPerMinute;
        return RateLimitPartition.GetTokenBucketLimiter($"{policy}|{address}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = permits,
            TokensPerPeriod = 1,
            ReplenishmentPeriod = TimeSpan.FromTicks(TimeSpan.TicksPerMinute / permits),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ApiProblems.WriteAsync(
            context.HttpContext,
            StatusCodes.Status429TooManyRequests,
            ErrorCodes.RateLimited,
            "Too many requests.",
            $"Too many requests from this address; retry after {seconds} s.");
    }
}
