namespace OrleansAuth.Grains;

/// <summary>
/// Password hashing (<c>Auth:PasswordHashing</c>). The defaults are OWASP's minimums, and values below them are
/// refused at start. A login whose stored hash uses another algorithm or other parameters is re-hashed.
/// </summary>
public sealed class PasswordHashingOptions
{
    public const int MinArgon2MemoryKib = 19 * 1024;
    public const int MinArgon2Iterations = 2;
    public const int MinPbkdf2Iterations = 210_000;

    /// <summary>Algorithm of new hashes. Default Argon2id.</summary>
    public PasswordHashAlgorithm Algorithm { get; set; } = PasswordHashAlgorithm.Argon2id;

    /// <summary>Argon2id memory in KiB. Default and minimum 19,456 (19 MiB).</summary>
    public int Argon2MemoryKib { get; set; } = MinArgon2MemoryKib;

    /// <summary>Argon2id passes. Default and minimum 2.</summary>
    public int Argon2Iterations { get; set; } = MinArgon2Iterations;

    /// <summary>Argon2id lanes. Default 1.</summary>
    public int Argon2Parallelism { get; set; } = 1;

    /// <summary>PBKDF2-HMAC-SHA512 iterations. Default and minimum 210,000.</summary>
    public int Pbkdf2Iterations { get; set; } = MinPbkdf2Iterations;

    /// <summary>
    /// Hashes computed at once in this process; more wait their turn. Bounds memory (each Argon2id hash holds its
    /// memory cost) and keeps hashing from taking every thread-pool thread. Default: the processor count.
    /// </summary>
    public int MaxConcurrentHashes { get; set; } = Environment.ProcessorCount;
}
