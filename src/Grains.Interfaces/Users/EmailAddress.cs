using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace OrleansAuth.Grains.Interfaces;

/// <summary>
/// The one email normalization of the project: a user grain's key, the <c>email</c> claim and every lookup use it, so
/// that "A@x.com", " a@x.com " and Unicode variants of one address reach the same grain.
/// </summary>
/// <remarks>
/// Steps: trim white space; Unicode NFKC; lower-case (invariant); domain through IDNA (so "bücher.de" and
/// "xn--bcher-kva.de" are one domain, stored in its Unicode form); then syntax checks.
/// NFKC rather than NFC because an account key is an identifier, not text to display: NFKC also folds compatibility
/// forms (full-width "ａ", ligatures "ﬁ", superscripts) that look like their plain letters. Under NFC those would make
/// distinct accounts that look identical to people — a spoofing aid — while mail systems that accept such characters
/// at all are vanishingly rare. RFC 8265 (PRECIS) maps width for the same reason.
/// The syntax accepted is the common dot-atom form: quoted local parts, IP-literal domains, comments, control, format
/// and invisible characters are refused. The whole address is at most <see cref="MaxLength"/> UTF-8 bytes (RFC 5321),
/// the local part at most 64.
/// </remarks>
public static class EmailAddress
{
    /// <summary>Maximum UTF-8 length of a normalized address (RFC 5321 path limit).</summary>
    public const int MaxLength = 254;

    /// <summary>Maximum UTF-8 length of the part before the @ (RFC 5321).</summary>
    public const int MaxLocalPartLength = 64;

    // Longer raw input cannot normalize into a valid address; refusing it early bounds the normalization work.
    private const int MaxInputLength = 1024;

    private const string LocalPartSpecials = "\"(),:;<>[\\]@";

    private static readonly IdnMapping Idn = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Normalizes <paramref name="input"/>; false when it is not a usable address.</summary>
    public static bool TryNormalize([NotNullWhen(true)] string? input, [NotNullWhen(true)] out string? normalized) =>
        TryNormalize(input, out normalized, out _);

    /// <summary>Normalizes <paramref name="input"/>; on failure <paramref name="error"/> says why (safe to show). Never throws.</summary>
    public static bool TryNormalize([NotNullWhen(true)] string? input, [NotNullWhen(true)] out string? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        error = Check(input, out var candidate);
        if (error is not null)
        {
            return false;
        }

        normalized = candidate;
        return true;
    }

    /// <summary>True when <paramref name="key"/> is already a normalized address (a valid user grain key).</summary>
    public static bool IsNormalized([NotNullWhen(true)] string? key) =>
        TryNormalize(key, out var normalized) && string.Equals(normalized, key, StringComparison.Ordinal);

    private static string? Check(string? input, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(input))
        {
            return "The email is required.";
        }

        if (input.Length > MaxInputLength)
        {
            return $"The email must be at most {MaxLength} characters.";
        }

        string text;
        try
        {
            text = Fold(input.Trim());
        }
        catch (ArgumentException)
        {
            // string.Normalize rejects unpaired surrogates and other invalid code points.
            return "The email contains invalid characters.";
        }

        var at = text.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != text.LastIndexOf('@') || at == text.Length - 1)
        {
            return "The email must have the form name@example.com.";
        }

        var local = text[..at];
        if (CheckLocalPart(local) is { } localError)
        {
            return localError;
        }

        if (!TryNormalizeDomain(text[(at + 1)..], out var domain))
        {
            return "The email's domain is not valid.";
        }

        normalized = local + "@" + domain;
        return StrictUtf8.GetByteCount(normalized) > MaxLength ? $"The email must be at most {MaxLength} characters." : null;
    }

    private static string Fold(string text)
    {
        if (!text.IsNormalized(NormalizationForm.FormKC))
        {
            text = text.Normalize(NormalizationForm.FormKC);
        }

        text = text.ToLowerInvariant();

        // Lower-casing can produce sequences that are not in normal form (rare, but then two spellings would differ).
        return text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);
    }

    private static string? CheckLocalPart(string local)
    {
        if (StrictUtf8.GetByteCount(local) > MaxLocalPartLength)
        {
            return $"The part before @ must be at most {MaxLocalPartLength} characters.";
        }

        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return "The part before @ must not start or end with a dot or contain two dots in a row.";
        }

        foreach (var rune in local.EnumerateRunes())
        {
            if (!IsVisible(rune) || (rune.IsAscii && LocalPartSpecials.Contains((char)rune.Value, StringComparison.Ordinal)))
            {
                return "The part before @ contains a character that is not allowed.";
            }
        }

        return null;
    }

    private static bool TryNormalizeDomain(string domain, out string normalized)
    {
        normalized = string.Empty;
        foreach (var rune in domain.EnumerateRunes())
        {
            if (!IsVisible(rune))
            {
                return false;
            }
        }

        try
        {
            // GetAscii applies IDNA (label lengths, hyphen and STD3 character rules); GetUnicode gives the one form.
            var ascii = Idn.GetAscii(domain);
            if (!ascii.Contains('.', StringComparison.Ordinal) || ascii.EndsWith('.'))
            {
                return false;
            }

            normalized = Fold(Idn.GetUnicode(ascii));
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsVisible(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
