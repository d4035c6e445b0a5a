using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace OrleansAuth.Api.Tokens;

/// <summary>
/// Seals private signing keys with AES-256-GCM under <c>Auth:SigningKeys:EncryptionKey</c> before they are stored.
/// The key id is the associated data, so a sealed key copied into another row does not open. The protection label
/// names the encryption key by a fingerprint, so a node configured with a different key fails with a clear message
/// instead of a bare authentication-tag error.
/// </summary>
internal sealed class SigningKeyProtector
{
    public const string Unprotected = "none";

    private const string Algorithm = "A256GCM";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    private readonly byte[]? _key;

    public SigningKeyProtector(string? encryptionKey)
    {
        if (!string.IsNullOrEmpty(encryptionKey))
        {
            if (!TryParseKey(encryptionKey, out var key))
            {
                throw new InvalidOperationException("Auth:SigningKeys:EncryptionKey must be base64 of exactly 32 bytes.");
            }

            _key = key;
            Label = $"{Algorithm}:{Fingerprint(key)}";
        }
        else
        {
            Label = Unprotected;
        }
    }

    /// <summary>What new keys are stored with: <c>none</c> or <c>A256GCM:&lt;fingerprint&gt;</c>.</summary>
    public string Label { get; }

    public bool IsProtecting => _key is not null;

    public static bool TryParseKey(string value, [NotNullWhen(true)] out byte[]? key)
    {
        key = null;
        var buffer = new byte[value.Length];
        if (!Convert.TryFromBase64String(value.Trim(), buffer, out var length) || length != 32)
        {
            return false;
        }

        key = buffer[..length];
        return true;
    }

    public byte[] Protect(ReadOnlySpan<byte> privateKey, string kid)
    {
        if (_key is null)
        {
            return privateKey.ToArray();
        }

        var sealedKey = new byte[NonceSize + privateKey.Length + TagSize];
        var nonce = sealedKey.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, privateKey, sealedKey.AsSpan(NonceSize, privateKey.Length), sealedKey.AsSpan(NonceSize + privateKey.Length), Encoding.UTF8.GetBytes(kid));
        return sealedKey;
    }

    public byte[] Unprotect(byte[] stored, string protection, string kid)
    {
        if (protection == Unprotected)
        {
            return stored;
        }

        if (_key is null || protection != Label)
        {
            throw new InvalidOperationException(
                $"Signing key '{kid}' is sealed with an encryption key ({protection}) other than Auth:SigningKeys:EncryptionKey "
                + $"({Label}). Every node must be configured with the same Auth:SigningKeys:EncryptionKey.");
        }

        if (stored.Length < NonceSize + TagSize)
        {
            throw new InvalidOperationException($"Signing key '{kid}' is stored truncated.");
        }

        var plain = new byte[stored.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(stored.AsSpan(0, NonceSize), stored.AsSpan(NonceSize, plain.Length), stored.AsSpan(NonceSize + plain.Length), plain, Encoding.UTF8.GetBytes(kid));
        return plain;
    }

    private static string Fingerprint(byte[] key)
    {
        Span<byte> hash = stackalloc byte[32];
        HMACSHA256.HashData(key, "orleans-auth signing key protection"u8, hash);
        return Convert.ToHexStringLower(hash[..8]);
    }
}
