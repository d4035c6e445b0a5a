using OrleansAuth.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Api.Tokens;

/// <summary>
/// Access tokens: options (<c>Auth</c>, <c>Auth:SigningKeys</c>), the database-backed signing key ring and its
/// refresher, the issuer, and bearer authentication (JwtBearer 3.1.18) wired to the one validator. Needs the
/// shared <see cref="IAuthDatabase"/> (registered with the grain storage).
/// </summary>
public static class AccessTokenServiceCollectionExtensions
{
    public static IServiceCollection AddAccessTokens(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AccessTokenOptions>().Bind(configuration.GetSection(AccessTokenOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessTokenOptions>, AccessTokenOptionsValidator>();
        services.AddOptions<SigningKeyOptions>().Bind(configuration.GetSection(SigningKeyOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SigningKeyOptions>, SigningKeyOptionsValidator>();

        services.AddServiceClock();
        services.AddSingleton(provider => new SigningKeyProtector(provider.GetRequiredService<IOptions<SigningKeyOptions>>().Value.EncryptionKey));
        services.AddSingleton(provider => new SigningKeyStore(
            provider.GetRequiredService<IAuthDatabase>(),
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.ClusterId));
        services.AddSingleton<SigningKeyRing>();
        services.AddSingleton<AccessTokenIssuer>();
        services.AddSingleton<VerifiedTokenCache>();
        services.AddSingleton<AccessTokenValidator>();

        // Registered after the schema migration (which puts itself first), so StartingAsync sees the signing_keys table.
        services.AddHostedService<SigningKeyRefreshService>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<AccessTokenValidator>((options, validator) =>
            {
                options.SecurityTokenValidators.Clear();
                options.SecurityTokenValidators.Add(validator);
                options.TokenValidationParameters = validator.Parameters;
                options.IncludeErrorDetails = false;
                options.SaveToken = false;
                options.Events = BearerEvents.Create();
            });
        services.AddAuthorization();
        return services;
    }
}
