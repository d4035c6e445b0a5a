using System.Globalization;
using System.Text;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4, written from the specification (not from the
/// exporter): every line must be a comment, a <c># HELP</c>/<c># TYPE</c> line or a sample; label values are
/// unescaped; every sample must belong to a metric declared by a TYPE line before it.
/// </summary>
public sealed class PrometheusText
{
    private PrometheusText(Dictionary<string, string> types, List<Sample> samples)
    {
        Types = types;
        Samples = samples;
    }

    /// <summary>Metric family name → counter, gauge, histogram, summary or untyped.</summary>
    public IReadOnlyDictionary<string, string> Types { get; }

    public IReadOnlyList<Sample> Samples { get; }

    public static PrometheusText Parse(string text)
    {
        Assert.EndsWith("\n", text, StringComparison.Ordinal);
        var types = new Dictionary<string, string>(StringComparer.Ordinal);
        var samples = new List<Sample>();
        var lines = text[..^1].Split('\n');
        foreach (var line in lines)
        {
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                var parts = line.Split(' ');
                Assert.Equal(4, parts.Length);
                AssertName(parts[2], colonAllowed: true);
                Assert.Contains(parts[3], new[] { "counter", "gauge", "histogram", "summary", "untyped" });
                Assert.True(types.TryAdd(parts[2], parts[3]), $"TYPE of {parts[2]} declared twice.");
            }
            else if (line.StartsWith('#'))
            {
                continue;
            }
            else
            {
                var sample = ParseSample(line);
                Assert.True(FamilyOf(sample.Name, types) is not null, $"Sample {sample.Name} has no TYPE line before it.");
                samples.Add(sample);
            }
        }

        return new PrometheusText(types, samples);
    }

    /// <summary>The samples of <paramref name="name"/> whose labels include every pair of <paramref name="labels"/>.</summary>
    public IEnumerable<Sample> Find(string name, params (string Key, string Value)[] labels) =>
        Samples.Where(s => s.Name == name && labels.All(l => s.Labels.TryGetValue(l.Key, out var v) && v == l.Value));

    /// <summary>The sum of the matching samples (0 when none).</summary>
    public double Sum(string name, params (string Key, string Value)[] labels) => Find(name, labels).Sum(s => s.Value);

    private static string? FamilyOf(string sampleName, Dictionary<string, string> types)
    {
        if (types.ContainsKey(sampleName))
        {
            return sampleName;
        }

        foreach (var suffix in new[] { "_bucket", "_sum", "_count" })
        {
            if (sampleName.EndsWith(suffix, StringComparison.Ordinal) && types.TryGetValue(sampleName[..^suffix.Length], out var type) && type is "histogram" or "summary")
            {
                return sampleName[..^suffix.Length];
            }
        }

        return null;
    }

    private static Sample ParseSample(string line)
    {
        var position = 0;
        while (position < line.Length && line[position] is not ('{' or ' '))
        {
            position++;
        }

        var name = line[..position];
        AssertName(name, colonAllowed: true);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (position < line.Length && line[position] == '{')
        {
            position++;
            while (line[position] != '}')
            {
                var equals = line.IndexOf('=', position);
                var label = line[position..equals];
                AssertName(label, colonAllowed: false);
                Assert.Equal('"', line[equals + 1]);
                var value = new StringBuilder();
                position = equals + 2;
                while (line[position] != '"')
                {
                    if (line[position] == '\\')
                    {
                        position++;
                        value.Append(line[position] switch
                        {
                            '\\' => '\\',
                            '"' => '"',
                            'n' => '\n',
                            var other => throw new FormatException($"Invalid escape \\{other} in: {line}"),
                        });
                    }
                    else
                    {
                        value.Append(line[position]);
                    }

                    position++;
                }

                Assert.True(labels.TryAdd(label, value.ToString()), $"Label {label} repeated in: {line}");
                position++;
                if (line[position] == ',')
                {
                    position++;
                }
            }

            position++;
        }

        Assert.Equal(' ', line[position]);
        var valueText = line[(position + 1)..];
        var number = valueText switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            _ => double.Parse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new Sample(name, labels, number);
    }

    private static void AssertName(string name, bool colonAllowed) =>
        Assert.Matches(colonAllowed ? "^[a-zA-Z_:][a-zA-Z0-9_:]*$" : "^[a-zA-Z_][a-zA-Z0-9_]*$", name);

    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);
}
