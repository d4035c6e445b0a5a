using System.Text;

namespace OrleansAuth.Grains.Passwords;

/// <summary>
/// The shipped list of the most common passwords (Passwords/CommonPasswords/README.md says where it comes from),
/// loaded once per process. Only entries the length rule could accept are kept, compared lower-cased.
/// </summary>
internal sealed class CommonPasswordList
{
    private const string ResourceName = "OrleansAuth.Grains.CommonPasswords.txt";

    private readonly Lazy<HashSet<string>> _entries = new(Load);

    /// <summary>Entries kept in memory (those of at least <see cref="PasswordPolicyOptions.MinimumLength"/> characters).</summary>
    public int Count => _entries.Value.Count;

    /// <summary>True when <paramref name="normalizedPassword"/> (NFKC), compared case-insensitively, is on the list.</summary>
    public bool Contains(string normalizedPassword) => _entries.Value.Contains(normalizedPassword.ToLowerInvariant());

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswordList).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded common-password list '{ResourceName}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var entries = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length >= PasswordPolicyOptions.MinimumLength)
            {
                entries.Add(line.ToLowerInvariant());
            }
        }

        return entries;
    }
}
