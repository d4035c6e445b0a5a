using Microsoft.Extensions.Options;
using OrleansAuth.Grains.Passwords;

namespace OrleansAuth.Grains.Tests.Passwords;

public sealed class PasswordHasherTests
{
    [Theory]
    [InlineData(PasswordHashAlgorithm.Argon2id, "$argon2id$v=19$m=19456,t=2,p=1$")]
    [InlineData(PasswordHashAlgorithm.Pbkdf2Sha512, "$pbkdf2-sha512$i=210000$")]
    public async Task HashAsync_ThenVerify_AcceptsOnlyTheSamePassword(PasswordHashAlgorithm algorithm, string prefix)
    {
        using var hasher = Hasher(o => o.Algorithm = algorithm);

        var hash = await hasher.HashAsync("correct horse battery staple", CancellationToken.None);
        var again = await hasher.HashAsync("correct horse battery staple", CancellationToken.None);

        Assert.StartsWith(prefix, hash, StringComparison.Ordinal);
        Assert.NotEqual(hash, again);
        Assert.Equal(PasswordVerification.Succeeded, await hasher.VerifyAsync("correct horse battery staple", hash, CancellationToken.None));
        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync("correct horse battery staplE", hash, CancellationToken.None));
        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync("correct horse battery stapl", hash, CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_LongPasswordDifferingInLastCharacter_Fails()
    {
        using var hasher = Hasher();
        var password = string.Concat(Enumerable.Repeat("Abcdefgh", 16));
        var hash = await hasher.HashAsync(password, CancellationToken.None);

        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync(password[..^1] + "X", hash, CancellationToken.None));
        Assert.Equal(PasswordVerification.Succeeded, await hasher.VerifyAsync(password, hash, CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_CanonicallyEquivalentSpelling_Succeeds()
    {
        using var hasher = Hasher();
        var hash = await hasher.HashAsync("caf\u00e9 au lait", CancellationToken.None);

        Assert.Equal(PasswordVerification.Succeeded, await hasher.VerifyAsync("cafe\u0301 au lait", hash, CancellationToken.None));
        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync("cafe au lait", hash, CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_InvalidUnicode_FailsAgainstReplacementCharacterPassword()
    {
        using var hasher = Hasher();
        var hash = await hasher.HashAsync("abcd\uFFFDefgh", CancellationToken.None);

        Assert.Equal(PasswordVerification.Failed, await hasher.VerifyAsync("abcd" + (char)0xD800 + "efgh", hash, CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_HashWithOtherParametersOrAlgorithm_AsksForRehash()
    {
        using var pbkdf2 = Hasher(o => o.Algorithm = PasswordHashAlgorithm.Pbkdf2Sha512);
        using var argon2 = Hasher();
        using var stronger = Hasher(o => o.Argon2MemoryKib = 20 * 1024);
        var pbkdf2Hash = await pbkdf2.HashAsync("correct horse battery staple", CancellationToken.None);
        var argon2Hash = await argon2.HashAsync("correct horse battery staple", CancellationToken.None);

        Assert.Equal(PasswordVerification.SucceededRehashNeeded, await argon2.VerifyAsync("correct horse battery staple", pbkdf2Hash, CancellationToken.None));
        Assert.Equal(PasswordVerification.SucceededRehashNeeded, await pbkdf2.VerifyAsync("correct horse battery staple", argon2Hash, CancellationToken.None));
        Assert.Equal(PasswordVerification.SucceededRehashNeeded, await stronger.VerifyAsync("correct horse battery staple", argon2Hash, CancellationToken.None));
        Assert.Equal(PasswordVerification.Succeeded, await argon2.VerifyAsync("correct horse battery staple", argon2Hash, CancellationToken.None));
    }

    [Fact]
    public async Task VerifyAsync_UnknownHashFormat_Throws()
    {
        using var hasher = Hasher();

        await Assert.ThrowsAsync<InvalidOperationException>(() => hasher.VerifyAsync("password", "$md5$abc", CancellationToken.None));
    }

    [Fact]
    public async Task HashAsync_AllSlotsBusy_WaitsAndHonoursCancellation()
    {
        using var hasher = Hasher(o => o.MaxConcurrentHashes = 1);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hasher.HashAsync("password", cancelled.Token));
        var hashes = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => hasher.HashAsync($"password {i}", CancellationToken.None))));
        Assert.Equal(4, hashes.Distinct().Count());
    }

    private static PasswordHasher Hasher(Action<PasswordHashingOptions>? configure = null)
    {
        var options = new AuthOptions();
        configure?.Invoke(options.PasswordHashing);
        return new PasswordHasher(Options.Create(options));
    }
}
