using OrleansAuth.Api.Auth;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Runtime;

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
        var data = RequestContext.Data ?? RequestContextData.Empty;
        if (ClientInfo.Address(context) is { } address)
        {
            data = data.With(AuditContextKeys.ClientAddress, address);
        }

        if (ClientInfo.UserAgent(context) is { } agent)
        {
            data = data.With(AuditContextKeys.UserAgent, agent.Length <= MaxUserAgentLength ? agent : agent[..MaxUserAgentLength]);
        }

        if (context.User.IsInRole(AdminPolicy.Role) && BearerSubject.TryRead(context.User, out var admin))
        {
            data = data.With(AuditContextKeys.ActorId, admin.UserId.ToString("D")).With(AuditContextKeys.ActorEmail, admin.Email);
        }

        RequestContext.Data = data;
        await next(context);
    }
}
