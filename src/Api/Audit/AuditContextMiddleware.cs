using OrleansAuth.Api.Auth;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Api.Audit;

/// <summary>
/// Puts the client address, the user agent and, for an administrator's bearer token, the acting admin into the grain
/// <see cref="RequestContext"/>, so the events a request causes carry them into the audit log. Runs after
/// authentication (it reads the validated principal) and after the correlation middleware (it adds to its context).
/// </summary>
internal sealed class AuditContextMiddleware(RequestDelegate next)
{
    // Bounds what every grain call of the request carries over the wire; the grain keeps the same length.
    private const int MaxUserAgentLength = 512;

    public async Task InvokeAsync(HttpContext context)
    {
        if (ClientInfo.Address(context) is { } address)
        {
            RequestContext.Set(AuditContextKeys.ClientAddress, address);
        }

        if (ClientInfo.UserAgent(context) is { } agent)
        {
            RequestContext.Set(AuditContextKeys.UserAgent, agent.Length <= MaxUserAgentLength ? agent : agent[..MaxUserAgentLength]);
        }

        if (context.User.IsInRole(AdminPolicy.Role) && BearerSubject.TryRead(context.User, out var admin))
        {
            RequestContext.Set(AuditContextKeys.ActorId, admin.UserId.ToString("D"));
            RequestContext.Set(AuditContextKeys.ActorEmail, admin.Email);
        }

        await next(context);
    }
}
