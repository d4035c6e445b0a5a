using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Grains.Tests.Interfaces;

public sealed class OpaqueTokenTests
{
    [Theory]
    [InlineData(OpaqueTokenKind.Refresh, "oart_")]
    [InlineData(OpaqueTokenKind.EmailVerification, "oaev_")]
    [InlineData(OpaqueTokenKind.PasswordReset, "oapr_")]
    public void Issue_ThenTryParse_RoundTripsKindKeyAndHandle(OpaqueTokenKind kind, string prefix)
    {
        var handle = Guid.NewGuid();
        var token = OpaqueToken.Issue(kind, "josé@bücher.de", handle);

        Assert.StartsWith(prefix, token.Value, StringComparison.Ordinal);
        Assert.True(OpaqueToken.TryParse(token.Value, out var parsed));
        Assert.Equal((kind, "josé@bücher.de", handle), (parsed.Kind, parsed.GrainKey, parsed.Handle));
        Assert.True(parsed.Matches(token.ComputeHash()));
        Assert.DoesNotContain(token.Value, token.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Issue_SameInputs_GivesDistinctSecrets()
    {
        var handle = Guid.NewGuid();
        var tokens = Enumerable.Range(0, 100).Select(_ => OpaqueToken.Issue(OpaqueTokenKind.Refresh, "a@x.com", handle).Value).ToHashSet();

        Assert.Equal(100, tokens.Count);

        // 1 version byte + 16 handle + 32 secret + 7 key bytes = 56 bytes = 75 base64url characters.
        Assert.All(tokens, t => Assert.Equal("oart_".Length + 75, t.Length));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("oart_")]
    [InlineData("oart_!!!!")]
    [InlineData("xxxx_AAAA")]
    [InlineData("oart_AQ")]
    [InlineData("oart_ AAAA")]
    public void TryParse_Garbage_ReturnsFalseWithoutThrowing(string? text)
    {
        Assert.False(OpaqueToken.TryParse(text, out var token));
        Assert.Null(token);
    }

    [Fact]
    public void TryParse_KeyNotNormalizedOrTooLong_ReturnsFalse()
    {
        var valid = OpaqueToken.Issue(OpaqueTokenKind.Refresh, "a@x.com", Guid.NewGuid()).Value;
        var upperKey = System.Buffers.Text.Base64Url.DecodeFromChars(valid.AsSpan(5));
        upperKey[^7] = (byte)'A';
        var tampered = "oart_" + System.Buffers.Text.Base64Url.EncodeToString(upperKey);

        Assert.False(OpaqueToken.TryParse(tampered, out _));
        Assert.False(OpaqueToken.TryParse(valid + new string('A', OpaqueToken.MaxLength), out _));
    }

    [Fact]
    public void Matches_OtherToken_ReturnsFalse()
    {
        var first = OpaqueToken.Issue(OpaqueTokenKind.Refresh, "a@x.com", Guid.NewGuid());
        var second = OpaqueToken.Issue(OpaqueTokenKind.Refresh, "a@x.com", first.Handle);

        Assert.False(second.Matches(first.ComputeHash()));
    }
}
