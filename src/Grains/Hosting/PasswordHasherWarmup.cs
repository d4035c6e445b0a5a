using Microsoft.Extensions.Hosting;
using OrleansAuth.Grains.Passwords;

namespace OrleansAuth.Grains;

/// <summary>
/// Computes one hash and loads the common-password list at start: a missing libargon2 (Debian package libargon2-1)
/// fails the start with a clear message, and the first login pays no one-time costs.
/// </summary>
internal sealed class PasswordHasherWarmup(PasswordHasher hasher, CommonPasswordList commonPasswords) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await hasher.VerifyDummyAsync("warm-up", cancellationToken).ConfigureAwait(false);
        }
        catch (DllNotFoundException exception)
        {
            throw new InvalidOperationException(
                "Argon2id needs libargon2.so.1 (Debian package libargon2-1). Install it, or set Auth:PasswordHashing:Algorithm to Pbkdf2Sha512.",
                exception);
        }

        _ = commonPasswords.Count;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
