namespace OrleansAuth.Grains.Passwords;

/// <summary>Outcome of checking a password against a stored hash.</summary>
internal enum PasswordVerification
{
    Failed,
    Succeeded,

    /// <summary>Right password, but the hash uses another algorithm or other parameters than configured now.</summary>
    SucceededRehashNeeded,
}
