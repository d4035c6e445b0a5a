using OrleansAuth.Grains.Events;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Grains.Users;

internal sealed partial class UserGrain
{
    private const int MaxCorrelationIdLength = 128;
    private const int MaxEmailLength = 320;

    /// <summary>
    /// Adds what the API put in the RequestContext (<see cref="AuditContextKeys"/>): client address, user agent and
    /// correlation id of the request that caused the event, and the acting administrator when it is not the account
    /// itself. Values the grain was given explicitly (a login's address) win. Calls without a request add nothing.
    /// </summary>
    private static UserEventData WithRequestDetails(UserEventData data)
    {
        var contextActor = Guid.TryParse(Get(AuditContextKeys.ActorId), out var actorId) && actorId != data.UserId ? actorId : (Guid?)null;

        // An administrator id the grain was given (AccountUpdate.ActorId) wins; the email is only known for the caller.
        var actor = data.ActorId ?? contextActor;
        return data with
        {
            Ip = data.Ip ?? Truncate(Get(AuditContextKeys.ClientAddress), MaxClientAddressLength),
            UserAgent = data.UserAgent ?? Truncate(Get(AuditContextKeys.UserAgent), MaxUserAgentLength),
            CorrelationId = Truncate(Get(AuditContextKeys.CorrelationId), MaxCorrelationIdLength),
            ActorId = actor,
            ActorEmail = actor is not null && actor == contextActor ? Truncate(Get(AuditContextKeys.ActorEmail), MaxEmailLength) : null,
        };
    }

    private static string? Get(string key) => RequestContext.Get(key) as string;
}
