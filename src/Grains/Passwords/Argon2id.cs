using System.Runtime.InteropServices;
using System.Text;

namespace OrleansAuth.Grains.Passwords;

/// <summary>
/// Argon2id from Debian's reference library (package libargon2-1). Hashes are libargon2's PHC strings,
/// <c>$argon2id$v=19$m=…,t=…,p=…$salt$hash</c>, which carry algorithm version and parameters; verification is
/// libargon2's own, which compares in constant time.
/// </summary>
internal static partial class Argon2id
{
    public const string Prefix = "$argon2id$";

    private const string Library = "libargon2.so.1";
    private const int Ok = 0;
    private const int VerifyMismatch = -35;
    private const int TypeArgon2id = 2;
    private const int SaltLength = 16;
    private const int HashLength = 32;

    public static string Hash(ReadOnlySpan<byte> password, int iterations, int memoryKib, int parallelism)
    {
        Span<byte> salt = stackalloc byte[SaltLength];
        System.Security.Cryptography.RandomNumberGenerator.Fill(salt);
        var length = checked((int)argon2_encodedlen((uint)iterations, (uint)memoryKib, (uint)parallelism, SaltLength, HashLength, TypeArgon2id));
        var encoded = new byte[length];
        var result = argon2id_hash_encoded(
            (uint)iterations, (uint)memoryKib, (uint)parallelism,
            in MemoryMarshal.GetReference(password), (nuint)password.Length,
            in MemoryMarshal.GetReference(salt), SaltLength,
            HashLength, encoded, (nuint)encoded.Length);
        if (result != Ok)
        {
            throw new InvalidOperationException($"argon2id_hash_encoded failed: {Describe(result)}.");
        }

        // The library writes a NUL-terminated string; the buffer may be longer than the text.
        return Encoding.ASCII.GetString(encoded, 0, Array.IndexOf(encoded, (byte)0) is var end and >= 0 ? end : encoded.Length);
    }

    public static bool Verify(string encoded, ReadOnlySpan<byte> password)
    {
        var result = argon2id_verify(encoded, in MemoryMarshal.GetReference(password), (nuint)password.Length);
        return result switch
        {
            Ok => true,
            VerifyMismatch => false,
            _ => throw new InvalidOperationException($"argon2id_verify failed: {Describe(result)}."),
        };
    }

    /// <summary>Reads m, t and p from a PHC string; false when it is not an Argon2id v19 string.</summary>
    public static bool TryReadParameters(string encoded, out int memoryKib, out int iterations, out int parallelism)
    {
        memoryKib = iterations = parallelism = 0;
        var parts = encoded.Split('$');

        // "", "argon2id", "v=19", "m=…,t=…,p=…", salt, hash
        if (parts.Length != 6 || parts[1] != "argon2id" || parts[2] != "v=19")
        {
            return false;
        }

        foreach (var pair in parts[3].Split(','))
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator < 1 || !int.TryParse(pair.AsSpan(separator + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            switch (pair[..separator])
            {
                case "m": memoryKib = value; break;
                case "t": iterations = value; break;
                case "p": parallelism = value; break;
                default: return false;
            }
        }

        return memoryKib > 0 && iterations > 0 && parallelism > 0;
    }

    private static string Describe(int code) => Marshal.PtrToStringAnsi(argon2_error_message(code)) ?? code.ToString(System.Globalization.CultureInfo.InvariantCulture);

    [LibraryImport(Library)]
    private static partial int argon2id_hash_encoded(
        uint t_cost, uint m_cost, uint parallelism,
        in byte pwd, nuint pwdlen,
        in byte salt, nuint saltlen,
        nuint hashlen, [Out] byte[] encoded, nuint encodedlen);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int argon2id_verify(string encoded, in byte pwd, nuint pwdlen);

    [LibraryImport(Library)]
    private static partial nuint argon2_encodedlen(uint t_cost, uint m_cost, uint parallelism, uint saltlen, uint hashlen, int type);

    [LibraryImport(Library)]
    private static partial IntPtr argon2_error_message(int error_code);
}
