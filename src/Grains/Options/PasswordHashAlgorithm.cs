namespace OrleansAuth.Grains;

/// <summary>Algorithm for new password hashes; hashes of the other one still verify and are upgraded on login.</summary>
public enum PasswordHashAlgorithm
{
    /// <summary>Argon2id through Debian's libargon2 (libargon2-1).</summary>
    Argon2id,

    /// <summary>PBKDF2-HMAC-SHA512.</summary>
    Pbkdf2Sha512,
}
