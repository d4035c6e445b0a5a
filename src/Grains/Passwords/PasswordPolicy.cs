using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using OrleansAuth.Grains.Interfaces;

namespace OrleansAuth.Grains.Passwords;

/// <summary>
/// Decides whether a new password is acceptable. Too short, common, equal to the email, or failing the optional
/// composition rule is WEAK_PASSWORD; missing, invalid Unicode or too long is VALIDATION_ERROR. The password is never
/// trimmed or truncated: what is checked is exactly what is hashed (after NFKC, as the hasher does).
/// </summary>
/// <remarks>
/// Length counts extended grapheme clusters (what a user sees as one character), not UTF-16 units: "é" as e +
/// combining accent is one, an emoji of two surrogates is one, so four emoji are not an 8-character password.
/// The UTF-16 length is also capped (<see cref="MaxUtf16Length"/>) because one cluster can hold any number of combining
/// marks, and the work of counting and hashing must stay bounded.
/// </remarks>
internal sealed class PasswordPolicy(IOptions<AuthOptions> options, CommonPasswordList commonPasswords)
{
    /// <summary>Most UTF-16 units accepted regardless of how they cluster: 128 characters of up to 8 units each.</summary>
    public const int MaxUtf16Length = PasswordPolicyOptions.MaximumLength * 8;

    private readonly PasswordPolicyOptions _options = options.Value.PasswordPolicy;

    /// <summary>Null when acceptable, else the error to return (its field errors name <paramref name="field"/>).</summary>
    public AuthError? Check(string? password, string email, string field)
    {
        if (string.IsNullOrEmpty(password))
        {
            return Invalid(field, "The password is required.");
        }

        if (password.Length > MaxUtf16Length)
        {
            return Invalid(field, $"The password must be at most {_options.MaxLength} characters.");
        }

        string normalized;
        try
        {
            normalized = password.IsNormalized(NormalizationForm.FormKC) ? password : password.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return Invalid(field, "The password contains invalid characters.");
        }

        var length = new StringInfo(normalized).LengthInTextElements;
        if (length > _options.MaxLength)
        {
            return Invalid(field, $"The password must be at most {_options.MaxLength} characters.");
        }

        if (length < _options.MinLength)
        {
            return Weak(field, $"The password must be at least {_options.MinLength} characters.");
        }

        if (_options.RejectCommonPasswords && commonPasswords.Contains(normalized))
        {
            return Weak(field, "The password is too common; choose one that is not on lists of frequently used passwords.");
        }

        if (IsEmailDerived(normalized, email))
        {
            return Weak(field, "The password must not be the email address.");
        }

        if (_options.RequireComposition && !HasComposition(normalized))
        {
            return Weak(field, "The password must contain an upper-case letter, a digit and a symbol.");
        }

        return null;
    }

    private static bool IsEmailDerived(string password, string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        var lowered = password.ToLowerInvariant();
        return lowered == email || (at > 0 && lowered == email[..at]);
    }

    private static bool HasComposition(string password)
    {
        bool upper = false, digit = false, symbol = false;
        foreach (var rune in password.EnumerateRunes())
        {
            upper |= Rune.IsUpper(rune);
            digit |= Rune.IsDigit(rune);
            symbol |= !Rune.IsLetterOrDigit(rune);
        }

        return upper && digit && symbol;
    }

    private static AuthError Invalid(string field, string message) =>
        new(AuthErrorCode.ValidationError, message, FieldErrors: [new FieldError(field, message)]);

    private static AuthError Weak(string field, string message) =>
        new(AuthErrorCode.WeakPassword, message, FieldErrors: [new FieldError(field, message)]);
}
