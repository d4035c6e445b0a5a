using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAuth.Api.Tests.Hostile;

/// <summary>
/// What the corpus needs to know about one endpoint: its methods, route template, body fields (JSON names and CLR
/// types) and whether it wants a bearer token. Read from the running app's <see cref="EndpointDataSource"/>, so
/// endpoints added later (admin, audit, metrics, dashboard) are covered without touching the corpus.
/// </summary>
public sealed record EndpointShape(IReadOnlyList<string> Methods, string Template, IReadOnlyList<(string Name, Type Type)> BodyFields, bool RequiresAuthorization)
{
    /// <summary>Served by middleware rather than endpoints (Swagger), so not in the data source: extend here.</summary>
    public static IReadOnlyList<EndpointShape> MiddlewareEndpoints { get; } =
    [
        new(["GET"], "/docs", [], false),
        new(["GET"], "/docs/index.html", [], false),
        new(["GET"], "/docs/v1/swagger.json", [], false),
    ];

    public bool HasRouteParameters => Template.Contains('{', StringComparison.Ordinal);

    /// <summary>Every routed endpoint of the app plus <see cref="MiddlewareEndpoints"/>, in a stable order.</summary>
    public static IReadOnlyList<EndpointShape> Discover(IServiceProvider services)
    {
        var routed = services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.RoutePattern.RawText is not null)
            .Select(endpoint => new EndpointShape(
                endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.ToArray() ?? ["GET"],
                "/" + endpoint.RoutePattern.RawText!.TrimStart('/'),
                BodyFieldsOf(endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType),
                endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null));
        return [.. routed.Concat(MiddlewareEndpoints).OrderBy(shape => shape.Template, StringComparer.Ordinal).ThenBy(shape => shape.Methods[0], StringComparer.Ordinal)];
    }

    /// <summary>The template with every route parameter replaced by <paramref name="value"/>.</summary>
    public string Fill(string value) => System.Text.RegularExpressions.Regex.Replace(Template, "\\{[^}]*\\}", value.Replace("$", "$$", StringComparison.Ordinal));

    public override string ToString() => $"{string.Join(',', Methods)} {Template}";

    private static (string Name, Type Type)[] BodyFieldsOf(Type? body) => body is null
        ? []
        : [.. body.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanRead && property.GetIndexParameters().Length == 0)
            .Select(property => (JsonNamingPolicy.SnakeCaseLower.ConvertName(property.Name), property.PropertyType))];
}
