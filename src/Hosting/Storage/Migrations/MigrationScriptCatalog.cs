using System.Globalization;
using System.Text.RegularExpressions;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Hosting.Storage.Migrations;

/// <summary>
/// The schema scripts embedded in this assembly (Runtime.csproj embeds sql/&lt;dialect&gt;/*.sql), so a new
/// NNNN_name.sql file is picked up by the next build without code changes.
/// </summary>
internal static partial class MigrationScriptCatalog
{
    public static IReadOnlyList<MigrationScript> Load(SqlDialect dialect)
    {
        var prefix = $"sql/{dialect.ScriptFolder()}/";
        var assembly = typeof(MigrationScriptCatalog).Assembly;
        var scripts = new List<MigrationScript>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            // A misnamed script would silently never run; refuse to start instead.
            var match = FileName().Match(resource[prefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Schema script '{resource}' must be named NNNN_lower_case_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Schema script '{resource}' cannot be read.");
            using var reader = new StreamReader(stream);
            var version = long.Parse(match.Groups["version"].Value, CultureInfo.InvariantCulture);
            scripts.Add(new MigrationScript(version, match.Groups["name"].Value, reader.ReadToEnd()));
        }

        scripts.Sort((left, right) => left.Version.CompareTo(right.Version));
        for (var i = 1; i < scripts.Count; i++)
        {
            if (scripts[i].Version == scripts[i - 1].Version)
            {
                throw new InvalidOperationException($"Two {dialect} schema scripts share version {scripts[i].Version:D4}.");
            }
        }

        return scripts;
    }

    [GeneratedRegex("^(?<version>[0-9]{4})_(?<name>[a-z0-9_]+)\\.sql$")]
    private static partial Regex FileName();
}
