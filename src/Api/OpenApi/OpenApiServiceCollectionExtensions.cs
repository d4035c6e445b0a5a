using Microsoft.OpenApi;

namespace OrleansAuth.Api.OpenApi;

/// <summary>Swagger (Swashbuckle): the document at /docs/v1/swagger.json, the UI at /docs, a bearer scheme.</summary>
public static class OpenApiServiceCollectionExtensions
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "bearer";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "OrleansAuth API",
                Version = DocumentName,
                Description = "Authentication service: registration, login, refresh-token rotation, sessions, password "
                    + "reset and ES256 access tokens. Errors are application/problem+json with a stable `code`.",
            });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An access token from POST /api/v1/auth/login or /refresh.",
            });
            options.OperationFilter<BearerSecurityOperationFilter>();
        });
        return services;
    }

    public static WebApplication UseApiDocumentation(this WebApplication app)
    {
        app.UseSwagger(options => options.RouteTemplate = "docs/{documentName}/swagger.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "docs";
            options.SwaggerEndpoint($"/docs/{DocumentName}/swagger.json", "OrleansAuth API v1");
            options.DocumentTitle = "OrleansAuth API";
        });
        return app;
    }
}
