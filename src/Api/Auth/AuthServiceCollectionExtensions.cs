using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace OrleansAuth.Api.Auth;

/// <summary>The /api/v1/auth endpoints' services; call after <c>AddAccessTokens</c>.</summary>
public static class AuthServiceCollectionExtensions
{
    public static IServiceCollection AddAuthEndpoints(this IServiceCollection services)
    {
        services.AddSingleton<SessionTokens>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();

        // After AddAccessTokens configured the bearer events: add the session check to them.
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure(options => options.Events.OnTokenValidated = BearerSessionCheck.ValidateAsync);
        return services;
    }
}
