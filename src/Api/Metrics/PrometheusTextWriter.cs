using System.Globalization;
using System.Text;

namespace OrleansAuth.Api.Metrics;

/// <summary>
/// The Prometheus text exposition format 0.0.4. Names: instrument name with every character outside
/// <c>[a-zA-Z0-9_:]</c> turned into <c>_</c> (so dots become underscores), then <c>_seconds</c> / <c>_bytes</c> for the
/// units <c>s</c> / <c>By</c>, then <c>_total</c> for counters. Label names are tag names sanitized the same way.
/// </summary>
internal static class PrometheusTextWriter
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Write(IEnumerable<InstrumentState> instruments)
    {
        var text = new StringBuilder();
        string? previousName = null;
        foreach (var state in instruments)
        {
            var name = MetricName(state);
            if (state.Series.Count == 0)
            {
                continue;
            }

            // Instruments of the same name (for example one per meter scope) share one HELP/TYPE block.
            if (name != previousName)
            {
                text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(state.Instrument.Description ?? state.Instrument.Name)).Append('\n');
                text.Append("# TYPE ").Append(name).Append(' ').Append(TypeOf(state.Kind)).Append('\n');
                previousName = name;
            }

            foreach (var series in state.Series.OrderBy(s => LabelText(s.Labels, null), StringComparer.Ordinal))
            {
                if (state.Kind == MetricKind.Histogram)
                {
                    WriteHistogram(text, name, state.BucketBounds!, series);
                }
                else
                {
                    WriteSample(text, name, LabelText(series.Labels, null), series.Value);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>A label value inside double quotes: backslash, double quote and line feed escaped.</summary>
    public static string EscapeLabelValue(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>A valid metric or label name: characters outside <c>[a-zA-Z0-9_]</c> (and <c>:</c> for metrics) become <c>_</c>; no leading digit.</summary>
    public static string SanitizeName(string name, bool allowColon)
    {
        var result = new StringBuilder(name.Length + 1);
        foreach (var c in name)
        {
            result.Append(char.IsAsciiLetterOrDigit(c) || c == '_' || (allowColon && c == ':') ? c : '_');
        }

        if (result.Length == 0 || char.IsAsciiDigit(result[0]))
        {
            result.Insert(0, '_');
        }

        return result.ToString();
    }

    public static string MetricName(InstrumentState state)
    {
        var name = SanitizeName(state.Instrument.Name, allowColon: true);
        var unit = state.Instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => string.Empty,
        };
        if (unit.Length > 0 && !name.EndsWith(unit, StringComparison.Ordinal))
        {
            name += unit;
        }

        if (state.Kind is MetricKind.Counter or MetricKind.ObservedCounter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    private static void WriteHistogram(StringBuilder text, string name, double[] bounds, MetricSeries series)
    {
        var (cumulative, sum, count) = series.Distribution();
        for (var i = 0; i < cumulative.Length; i++)
        {
            var bound = i < bounds.Length ? FormatValue(bounds[i]) : "+Inf";
            WriteSample(text, name + "_bucket", LabelText(series.Labels, bound), cumulative[i]);
        }

        var labels = LabelText(series.Labels, null);
        WriteSample(text, name + "_sum", labels, sum);
        WriteSample(text, name + "_count", labels, count);
    }

    private static void WriteSample(StringBuilder text, string name, string labels, double value) =>
        text.Append(name).Append(labels).Append(' ').Append(FormatValue(value)).Append('\n');

    private static string LabelText(KeyValuePair<string, string>[] labels, string? bucketBound)
    {
        if (labels.Length == 0 && bucketBound is null)
        {
            return string.Empty;
        }

        var text = new StringBuilder("{");
        foreach (var (key, value) in labels)
        {
            if (text.Length > 1)
            {
                text.Append(',');
            }

            text.Append(SanitizeName(key, allowColon: false)).Append("=\"").Append(EscapeLabelValue(value)).Append('"');
        }

        if (bucketBound is not null)
        {
            text.Append(text.Length > 1 ? "," : string.Empty).Append("le=\"").Append(bucketBound).Append('"');
        }

        return text.Append('}').ToString();
    }

    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string EscapeHelp(string help) =>
        help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private static string TypeOf(MetricKind kind) => kind switch
    {
        MetricKind.Counter or MetricKind.ObservedCounter => "counter",
        MetricKind.Histogram => "histogram",
        _ => "gauge",
    };
}
