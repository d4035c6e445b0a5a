namespace OrleansAuth.Grains;

/// <summary>
/// Password policy (<c>Auth:PasswordPolicy</c>). Lengths count user-perceived characters (extended grapheme
/// clusters), so "é" typed as e + combining accent or an emoji counts as one, as the user sees it.
/// </summary>
public sealed class PasswordPolicyOptions
{
    public const int MinimumLength = 8;
    public const int MaximumLength = 128;

    /// <summary>Fewest characters. Default and minimum 8.</summary>
    public int MinLength { get; set; } = MinimumLength;

    /// <summary>Most characters. Default and maximum 128; a longer password is refused, never truncated.</summary>
    public int MaxLength { get; set; } = MaximumLength;

    /// <summary>Refuse passwords on the shipped list of the 100,000 most common ones. Default true.</summary>
    public bool RejectCommonPasswords { get; set; } = true;

    /// <summary>The seeds' composition rule: at least one upper-case letter, one digit and one other symbol. Default false.</summary>
    public bool RequireComposition { get; set; }
}
