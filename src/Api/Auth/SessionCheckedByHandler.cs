namespace OrleansAuth.Api.Auth;

/// <summary>
/// Endpoint metadata: the handler's own grain call checks the token's session (the grain method takes the user and
/// session ids and refuses an ended session), so <see cref="BearerSessionCheck"/> need not ask the grain first. Saves
/// one grain call per request, a network round trip in cluster mode. Put it only on endpoints whose handler answers
/// 401 when that call refuses the session.
/// </summary>
internal sealed class SessionCheckedByHandler
{
    public static readonly SessionCheckedByHandler Instance = new();

    private SessionCheckedByHandler()
    {
    }
}
