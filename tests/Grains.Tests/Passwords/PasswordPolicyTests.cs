using Microsoft.Extensions.Options;
using OrleansAuth.Grains.Interfaces;
using OrleansAuth.Grains.Passwords;

namespace OrleansAuth.Grains.Tests.Passwords;

public sealed class PasswordPolicyTests
{
    private const string Email = "someone@example.com";

    private static readonly CommonPasswordList CommonPasswords = new();

    [Theory]
    [InlineData("Gr8!pass")] // exactly 8
    [InlineData("пароль-очень-надёжный")]
    [InlineData("密码是一个很长的句子吗")]
    [InlineData("🔑🔑🔑🔑🔑🔑🔑🔑")] // 8 user-visible characters, 16 UTF-16 units
    [InlineData("  leading and trailing spaces  ")]
    public void Check_AcceptablePassword_ReturnsNull(string password) =>
        Assert.Null(Policy().Check(password, Email, "password"));

    [Theory]
    [InlineData("Sh0rt!")]
    [InlineData("🔑🔑🔑🔑")] // 8 UTF-16 units, but 4 characters
    [InlineData("e\u0301e\u0301e\u0301e\u0301")] // 8 UTF-16 units, 4 characters
    public void Check_TooFewCharacters_IsWeak(string password) =>
        Assert.Equal(AuthErrorCode.WeakPassword, Policy().Check(password, Email, "password")?.Code);

    [Theory]
    [InlineData("password")]
    [InlineData("12345678")]
    [InlineData("PassWord1")]
    [InlineData("qwertyuiop")]
    [InlineData("ｐａｓｓｗｏｒｄ")] // full-width: NFKC makes it "password"
    public void Check_CommonPassword_IsWeak(string password)
    {
        var error = Policy().Check(password, Email, "new_password");

        Assert.Equal(AuthErrorCode.WeakPassword, error?.Code);
        Assert.Equal("new_password", Assert.Single(error!.FieldErrors!.Value).Field);
    }

    [Fact]
    public void CommonPasswordList_Loaded_HoldsTheLongEntriesOfTheTop100000()
    {
        // 39,330 of the 100,000 entries have 8 or more characters (the rest can never pass the length rule); 38,452 stay distinct lower-cased.
        Assert.Equal(38_452, CommonPasswords.Count);
    }

    [Fact]
    public void Check_CommonListDisabled_AcceptsCommonPassword() =>
        Assert.Null(Policy(p => p.RejectCommonPasswords = false).Check("password", Email, "password"));

    [Fact]
    public void Check_128Characters_AcceptedAnd129Refused_NeverTruncated()
    {
        var longest = string.Concat(Enumerable.Repeat("Abcdefgh", 16));

        Assert.Null(Policy().Check(longest, Email, "password"));
        Assert.Equal(AuthErrorCode.ValidationError, Policy().Check(longest + "x", Email, "password")?.Code);
        Assert.Equal(AuthErrorCode.ValidationError, Policy().Check(new string('a', 20_000), Email, "password")?.Code);
    }

    [Fact]
    public void Check_128EmojiOfTwoUnitsEach_CountAsCharacters()
    {
        Assert.Null(Policy().Check(string.Concat(Enumerable.Repeat("🔑", 128)), Email, "password"));
        Assert.Equal(AuthErrorCode.ValidationError, Policy().Check(string.Concat(Enumerable.Repeat("🔑", 129)), Email, "password")?.Code);
    }

    [Fact]
    public void Check_MissingOrInvalidUnicode_IsValidationError()
    {
        Assert.Equal(AuthErrorCode.ValidationError, Policy().Check(null, Email, "password")?.Code);
        Assert.Equal(AuthErrorCode.ValidationError, Policy().Check(string.Empty, Email, "password")?.Code);
        Assert.Equal(AuthErrorCode.ValidationError, Policy().Check("abcdefgh" + (char)0xD800, Email, "password")?.Code);
    }

    [Fact]
    public void Check_EmailOrItsLocalPart_IsWeak()
    {
        Assert.Equal(AuthErrorCode.WeakPassword, Policy().Check("Someone@Example.com", Email, "password")?.Code);
        Assert.Equal(AuthErrorCode.WeakPassword, Policy(p => p.RejectCommonPasswords = false).Check("SOMEONE1", "someone1@example.com", "password")?.Code);
    }

    [Theory]
    [InlineData("alllowercase-and-long", false)]
    [InlineData("NoDigits!here", false)]
    [InlineData("NoSymbols1here", false)]
    [InlineData("Has1Symbol!here", true)]
    [InlineData("Ünïcödé9€long", true)]
    public void Check_CompositionRuleOn_RequiresUpperDigitAndSymbol(string password, bool accepted)
    {
        var error = Policy(p => p.RequireComposition = true).Check(password, Email, "password");

        Assert.Equal(accepted, error is null);
        Assert.True(accepted || error!.Code == AuthErrorCode.WeakPassword);
    }

    [Fact]
    public void Check_CompositionRuleOff_ByDefault() =>
        Assert.Null(Policy().Check("alllowercase-and-long", Email, "password"));

    private static PasswordPolicy Policy(Action<PasswordPolicyOptions>? configure = null)
    {
        var options = new AuthOptions();
        configure?.Invoke(options.PasswordPolicy);
        return new PasswordPolicy(Options.Create(options), CommonPasswords);
    }
}
