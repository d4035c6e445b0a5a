using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Grains.Tests.Interfaces;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("A@x.com", "a@x.com")]
    [InlineData(" a@x.com ", "a@x.com")]
    [InlineData("\ta@X.COM\n", "a@x.com")]
    [InlineData("ａ@x.com", "a@x.com")]
    [InlineData("e\u0301@x.com", "\u00e9@x.com")]
    [InlineData("José@Bücher.de", "josé@bücher.de")]
    [InlineData("josé@xn--bcher-kva.de", "josé@bücher.de")]
    [InlineData("first.last+tag@sub.example.org", "first.last+tag@sub.example.org")]
    public void TryNormalize_Variants_MapToOneKey(string input, string expected)
    {
        Assert.True(EmailAddress.TryNormalize(input, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
        Assert.True(EmailAddress.IsNormalized(normalized));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("no-at-sign")]
    [InlineData("a@b@c.com")]
    [InlineData("@x.com")]
    [InlineData("a@")]
    [InlineData("a@localhost")]
    [InlineData("a..b@x.com")]
    [InlineData(".a@x.com")]
    [InlineData("a b@x.com")]
    [InlineData("\"quoted\"@x.com")]
    [InlineData("\u200Ba@x.com")]
    [InlineData("a@-x.com")]
    [InlineData("a@x_y.com")]
    public void TryNormalize_Invalid_ReturnsFalseWithMessage(string? input)
    {
        Assert.False(EmailAddress.TryNormalize(input, out var normalized, out var error));
        Assert.Null(normalized);
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void TryNormalize_LengthLimits_AreInUtf8Bytes()
    {
        var domain = "@" + string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com"; // 248 bytes
        var atLimit = new string('a', EmailAddress.MaxLength - domain.Length) + domain;
        var overLocal = new string('a', 65) + "@x.com";
        var multiByteLocal = new string('é', 33) + "@x.com"; // 66 bytes in UTF-8

        Assert.True(EmailAddress.TryNormalize(atLimit, out _, out var error), error);
        Assert.False(EmailAddress.TryNormalize(atLimit[..^4] + "x.com", out _));
        Assert.False(EmailAddress.TryNormalize(overLocal, out _));
        Assert.False(EmailAddress.TryNormalize(multiByteLocal, out _));
        Assert.False(EmailAddress.TryNormalize(new string('a', 5000) + "@x.com", out _));
    }

    [Fact]
    public void TryNormalize_LoneSurrogate_ReturnsFalse()
    {
        // Built at run time: attribute data would turn the lone surrogate into U+FFFD.
        var input = "a" + (char)0xD800 + "@x.com";

        Assert.False(EmailAddress.TryNormalize(input, out _, out var error));
        Assert.Contains("invalid", error, StringComparison.Ordinal);
    }
}
