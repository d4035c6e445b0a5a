using System.Text;
using OrleansAuth.Api.Tests.Infrastructure;

namespace OrleansAuth.Api.Tests.Hostile;

/// <summary>
/// A live access token for the corpus: the corpus itself logs out, revokes and changes passwords, so a token that
/// came back 401 (or whose request ended a session with 204) is replaced by a fresh login before its next use.
/// When the login itself is refused (rate limited), the old token goes on: its requests then test the 401 path.
/// </summary>
public sealed class BearerKeeper(AuthApi api, string email)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private volatile bool _stale = true;

    public async Task<string> CurrentAsync()
    {
        if (!_stale && _token is { } current)
        {
            return current;
        }

        await _gate.WaitAsync();
        try
        {
            if (_stale || _token is null)
            {
                using var response = await api.PostAsync("login", new { email, password = AuthApi.Password });
                if (response.IsSuccessStatusCode)
                {
                    _token = TokenPair.From(await AuthApi.ReadAsync(response, response.StatusCode)).AccessToken;
                    _stale = false;
                }
            }

            return _token ?? "no.live.token";
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Observe(HostileRequest request, RawResponse? response)
    {
        if (response?.Status is 401 or 204 && Encoding.Latin1.GetString(request.Bytes).Contains(HostileCorpus.BearerPlaceholder, StringComparison.Ordinal))
        {
            _stale = true;
        }
    }
}
