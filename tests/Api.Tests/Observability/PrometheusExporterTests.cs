using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansAuth.Api.Metrics;
using OrleansAuth.Api.Tests.Infrastructure;

namespace OrleansAuth.Api.Tests.Observability;

/// <summary>
/// The exporter on real System.Diagnostics.Metrics instruments: which meters it takes, how each kind of instrument is
/// aggregated, and that its text parses as the exposition format with every label value intact.
/// </summary>
public sealed class PrometheusExporterTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly IMeterFactory _factory;
    private readonly MetricsCollector _collector;
    private readonly string _meterName = $"OrleansAuth.Tests.{Guid.NewGuid():N}";

    public PrometheusExporterTests()
    {
        _factory = _services.GetRequiredService<IMeterFactory>();
        _collector = new MetricsCollector(_factory);
    }

    public void Dispose()
    {
        _collector.Dispose();
        _services.Dispose();
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" inside")]
    [InlineData("back\\slash")]
    [InlineData("line\nbreak")]
    [InlineData("all \\\" \n \\n together")]
    [InlineData("unicode: ключ ✓")]
    [InlineData("")]
    public void Write_LabelValueWithSpecialCharacters_ParsesBackToTheSameValue(string value)
    {
        var counter = _factory.Create(_meterName).CreateCounter<long>("orleansauth.test.escaped");
        counter.Add(3, new KeyValuePair<string, object?>("value", value));

        var text = PrometheusText.Parse(Export());

        var sample = Assert.Single(text.Find("orleansauth_test_escaped_total"));
        Assert.Equal(value, sample.Labels["value"]);
        Assert.Equal(3, sample.Value);
    }

    [Fact]
    public void EscapeLabelValue_SpecialCharacters_EscapedAsTheFormatRequires()
    {
        Assert.Equal("a\\\\b\\\"c\\nd", PrometheusTextWriter.EscapeLabelValue("a\\b\"c\nd"));
    }

    [Fact]
    public void Write_Counter_SumsPerTagSetRegardlessOfTagOrder()
    {
        var counter = _factory.Create(_meterName).CreateCounter<int>("orleansauth.test.requests", description: "Requests.");
        counter.Add(1, new("a", "1"), new("b", "2"));
        counter.Add(2, new("b", "2"), new("a", "1"));
        counter.Add(5, new("a", "other"), new("b", "2"));

        var text = PrometheusText.Parse(Export());

        Assert.Equal("counter", text.Types["orleansauth_test_requests_total"]);
        Assert.Equal(3, Assert.Single(text.Find("orleansauth_test_requests_total", ("a", "1"))).Value);
        Assert.Equal(5, Assert.Single(text.Find("orleansauth_test_requests_total", ("a", "other"))).Value);
    }

    [Fact]
    public void Write_Histogram_CumulativeBucketsSumAndCount()
    {
        var histogram = _factory.Create(_meterName).CreateHistogram<double>(
            "orleansauth.test.duration", unit: "s", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        foreach (var value in new[] { 0.05, 0.1, 0.5, 2, 20 })
        {
            histogram.Record(value, new KeyValuePair<string, object?>("route", "/x"));
        }

        var text = PrometheusText.Parse(Export());

        Assert.Equal("histogram", text.Types["orleansauth_test_duration_seconds"]);
        var buckets = text.Find("orleansauth_test_duration_seconds_bucket", ("route", "/x")).ToDictionary(s => s.Labels["le"], s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["0.1"] = 2, ["1"] = 3, ["10"] = 4, ["+Inf"] = 5 }, buckets);
        Assert.Equal(5, text.Sum("orleansauth_test_duration_seconds_count", ("route", "/x")));
        Assert.Equal(22.65, text.Sum("orleansauth_test_duration_seconds_sum", ("route", "/x")), 9);
    }

    [Fact]
    public void Write_UpDownCounterAndGauges_ExportedAsGaugesWithLastOrNetValue()
    {
        var meter = _factory.Create(_meterName);
        var upDown = meter.CreateUpDownCounter<long>("orleansauth.test.in_flight");
        upDown.Add(5);
        upDown.Add(-2);
        var gauge = meter.CreateGauge<double>("orleansauth.test.temperature");
        gauge.Record(1.5);
        gauge.Record(-0.25);
        meter.CreateObservableGauge("orleansauth.test.size", () => 42, unit: "By");

        var text = PrometheusText.Parse(Export());

        Assert.Equal("gauge", text.Types["orleansauth_test_in_flight"]);
        Assert.Equal(3, text.Sum("orleansauth_test_in_flight"));
        Assert.Equal(-0.25, text.Sum("orleansauth_test_temperature"));
        Assert.Equal("gauge", text.Types["orleansauth_test_size_bytes"]);
        Assert.Equal(42, text.Sum("orleansauth_test_size_bytes"));
    }

    [Fact]
    public void Collect_ObservableSeriesNoLongerReported_Disappears()
    {
        var silos = new List<string> { "a", "b" };
        _factory.Create(_meterName).CreateObservableCounter(
            "orleansauth.test.observed", () => silos.Select(s => new Measurement<long>(10, new KeyValuePair<string, object?>("silo", s))));
        Assert.Equal(2, PrometheusText.Parse(Export()).Find("orleansauth_test_observed_total").Count());

        silos.Remove("a");

        var sample = Assert.Single(PrometheusText.Parse(Export()).Find("orleansauth_test_observed_total"));
        Assert.Equal("b", sample.Labels["silo"]);
    }

    [Fact]
    public void Collect_OtherMetersAndOtherFactories_NotExported()
    {
        _factory.Create("Some.Other.Library").CreateCounter<long>("other.library.calls").Add(1);
        using var otherServices = new ServiceCollection().AddMetrics().BuildServiceProvider();
        otherServices.GetRequiredService<IMeterFactory>().Create(_meterName).CreateCounter<long>("orleansauth.test.foreign").Add(1);
        using var unscoped = new Meter(_meterName + ".Static");
        unscoped.CreateCounter<long>("orleansauth.test.static").Add(1);

        var text = PrometheusText.Parse(Export());

        Assert.DoesNotContain(text.Samples, s => s.Name.StartsWith("other_library", StringComparison.Ordinal));
        Assert.Empty(text.Find("orleansauth_test_foreign_total"));

        // Meters made with new Meter(...) (no factory), as other branches do, are exported.
        Assert.Equal(1, text.Sum("orleansauth_test_static_total"));
    }

    [Theory]
    [InlineData("orleansauth.events.backlog", "orleansauth_events_backlog")]
    [InlineData("http.server.request-duration", "http_server_request_duration")]
    [InlineData("9lives", "_9lives")]
    public void SanitizeName_InvalidCharacters_ReplacedByUnderscore(string name, string expected)
    {
        Assert.Equal(expected, PrometheusTextWriter.SanitizeName(name, allowColon: true));
    }

    private string Export() => PrometheusTextWriter.Write(_collector.Collect());
}
