namespace OrleansAuth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What the service acknowledged about one account: its password and one session's chain of refresh tokens. A request
/// that got no acknowledgement (503, no answer) leaves its outcome unknown; that is recorded as such, since the
/// service may or may not have applied it, and only acknowledged facts are held against it.
/// </summary>
internal sealed class TrackedUser(string email)
{
    public string Email { get; } = email;

    public string Password { get; set; } = AuthClient.Password;

    /// <summary>A password change that got no answer: the password is this one or <see cref="Password"/>.</summary>
    public string? UnconfirmedPassword { get; set; }

    public string? AccessToken { get; private set; }

    /// <summary>Every refresh token of the tracked session the service handed out, oldest first.</summary>
    public List<string> RefreshTokens { get; } = [];

    /// <summary>The last refresh got no answer: the latest token may have been rotated without our knowing.</summary>
    public bool RefreshUnconfirmed { get; set; }

    public bool HasSession => AccessToken is not null;

    public void Adopt(AuthClient.Answer tokens)
    {
        AccessToken = tokens.Text("access_token");
        RefreshTokens.Add(tokens.Text("refresh_token"));
        RefreshUnconfirmed = false;
    }

    public void StartSession(AuthClient.Answer tokens)
    {
        RefreshTokens.Clear();
        Adopt(tokens);
    }

    public void DropSession()
    {
        AccessToken = null;
        RefreshTokens.Clear();
        RefreshUnconfirmed = false;
    }
}
