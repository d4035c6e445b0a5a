using Serilog;
using Serilog.Formatting.Json;

namespace OrleansAuth.Api.Logging;

/// <summary>Structured JSON logs through Serilog; levels come from the <c>Serilog</c> configuration section.</summary>
public static class LoggingExtensions
{
    public static WebApplicationBuilder AddServiceLogging(this WebApplicationBuilder builder)
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Override("Polly", Serilog.Events.LogEventLevel.Warning)
            .ReadFrom.Configuration(builder.Configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("service", "orleans-auth-api")
            .WriteTo.Console(new JsonFormatter(renderMessage: true))
            .CreateLogger();

        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        return builder;
    }

    /// <summary>Gives every request a correlation id that reaches the logs of the grains it calls.</summary>
    public static IApplicationBuilder UseRequestCorrelation(this IApplicationBuilder app) => app.UseMiddleware<RequestCorrelationMiddleware>();
}
