using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace OrleansAuth.Grains.Passwords;

/// <summary>
/// Hashes and verifies passwords with the configured algorithm, and verifies hashes of either supported algorithm.
/// Passwords are NFKC-normalized before hashing (NIST SP 800-63B §5.1.1.2), so the same password typed on two
/// keyboards that produce different code points for one character still matches. At most
/// <see cref="PasswordHashingOptions.MaxConcurrentHashes"/> hashes run at once; the rest wait (cancellably).
/// </summary>
internal sealed class PasswordHasher : IDisposable
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly PasswordHashingOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly Lazy<string> _dummyHash;

    public PasswordHasher(IOptions<AuthOptions> options)
    {
        _options = options.Value.PasswordHashing;
        _slots = new SemaphoreSlim(_options.MaxConcurrentHashes, _options.MaxConcurrentHashes);

        // A hash of a random password with the current parameters: verifying against it costs what a real check costs.
        _dummyHash = new Lazy<string>(() => HashCore(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
    }

    public async Task<string> HashAsync(string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return HashCore(password);
        }
        finally
        {
            _slots.Release();
        }
    }

    public async Task<PasswordVerification> VerifyAsync(string password, string storedHash, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(storedHash);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!VerifyCore(password, storedHash))
            {
                return PasswordVerification.Failed;
            }

            return NeedsRehash(storedHash) ? PasswordVerification.SucceededRehashNeeded : PasswordVerification.Succeeded;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The work of a real verification for a password with no account, so timing does not reveal which emails exist.</summary>
    public async Task VerifyDummyAsync(string password, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(password);
        var dummy = _dummyHash.Value;
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            VerifyCore(password, dummy);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    internal bool NeedsRehash(string storedHash) => _options.Algorithm switch
    {
        PasswordHashAlgorithm.Argon2id => !Argon2id.TryReadParameters(storedHash, out var memory, out var iterations, out var parallelism)
            || memory != _options.Argon2MemoryKib || iterations != _options.Argon2Iterations || parallelism != _options.Argon2Parallelism,
        _ => !Pbkdf2Sha512.TryReadIterations(storedHash, out var pbkdf2Iterations) || pbkdf2Iterations != _options.Pbkdf2Iterations,
    };

    private string HashCore(string password)
    {
        var bytes = Encode(password);
        try
        {
            return _options.Algorithm == PasswordHashAlgorithm.Argon2id
                ? Argon2id.Hash(bytes, _options.Argon2Iterations, _options.Argon2MemoryKib, _options.Argon2Parallelism)
                : Pbkdf2Sha512.Hash(bytes, _options.Pbkdf2Iterations);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static bool VerifyCore(string password, string storedHash)
    {
        // A password that is not valid Unicode was never accepted by the policy; spend the same work, then fail.
        var valid = TryEncode(password, out var bytes);
        try
        {
            if (!valid)
            {
                VerifyBytes(storedHash, "\uFFFD"u8.ToArray());
                return false;
            }

            return VerifyBytes(storedHash, bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static bool VerifyBytes(string storedHash, byte[] bytes)
    {
        if (storedHash.StartsWith(Argon2id.Prefix, StringComparison.Ordinal))
        {
            return Argon2id.Verify(storedHash, bytes);
        }

        if (storedHash.StartsWith(Pbkdf2Sha512.Prefix, StringComparison.Ordinal))
        {
            return Pbkdf2Sha512.Verify(storedHash, bytes);
        }

        throw new InvalidOperationException("A stored password hash has an unknown format.");
    }

    private static byte[] Encode(string password) =>
        TryEncode(password, out var bytes) ? bytes : throw new ArgumentException("The password is not valid Unicode.", nameof(password));

    private static bool TryEncode(string password, out byte[] bytes)
    {
        try
        {
            var normalized = password.IsNormalized(NormalizationForm.FormKC) ? password : password.Normalize(NormalizationForm.FormKC);
            bytes = StrictUtf8.GetBytes(normalized);
            return true;
        }
        catch (ArgumentException)
        {
            // Lone surrogates: Normalize throws ArgumentException, the strict encoder its subclass EncoderFallbackException.
            bytes = [];
            return false;
        }
    }
}
