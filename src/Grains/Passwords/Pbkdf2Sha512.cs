using System.Globalization;
using System.Security.Cryptography;

namespace OrleansAuth.Grains.Passwords;

/// <summary>
/// PBKDF2-HMAC-SHA512 hashes as PHC-style strings, <c>$pbkdf2-sha512$i=…$salt$hash</c> (standard base64 without
/// padding), so iterations travel with the hash and a changed setting is detected at login.
/// </summary>
internal static class Pbkdf2Sha512
{
    public const string Prefix = "$pbkdf2-sha512$";

    private const int SaltLength = 16;
    private const int HashLength = 64;

    public static string Hash(ReadOnlySpan<byte> password, int iterations)
    {
        Span<byte> salt = stackalloc byte[SaltLength];
        RandomNumberGenerator.Fill(salt);
        Span<byte> hash = stackalloc byte[HashLength];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, hash, iterations, HashAlgorithmName.SHA512);
        return string.Create(CultureInfo.InvariantCulture, $"{Prefix}i={iterations}${Encode(salt)}${Encode(hash)}");
    }

    public static bool Verify(string encoded, ReadOnlySpan<byte> password)
    {
        if (!TryParse(encoded, out var iterations, out var salt, out var expected))
        {
            throw new InvalidOperationException("A stored PBKDF2 hash is malformed.");
        }

        Span<byte> actual = stackalloc byte[expected.Length];
        Rfc2898DeriveBytes.Pbkdf2(password, salt, actual, iterations, HashAlgorithmName.SHA512);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    public static bool TryReadIterations(string encoded, out int iterations) => TryParse(encoded, out iterations, out _, out _);

    private static bool TryParse(string encoded, out int iterations, out byte[] salt, out byte[] hash)
    {
        iterations = 0;
        salt = hash = [];
        var parts = encoded.Split('$');

        // "", "pbkdf2-sha512", "i=…", salt, hash
        if (parts.Length != 5 || parts[1] != "pbkdf2-sha512" || !parts[2].StartsWith("i=", StringComparison.Ordinal)
            || !int.TryParse(parts[2].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out iterations) || iterations < 1)
        {
            return false;
        }

        try
        {
            salt = Decode(parts[3]);
            hash = Decode(parts[4]);
        }
        catch (FormatException)
        {
            return false;
        }

        return salt.Length > 0 && hash.Length > 0;
    }

    private static string Encode(ReadOnlySpan<byte> bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static byte[] Decode(string text) => Convert.FromBase64String(text.PadRight(text.Length + ((4 - (text.Length % 4)) % 4), '='));
}
