using Microsoft.Extensions.Options;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Api.Audit;

/// <summary>The audit log: its reader (needs the shared <see cref="IAuthDatabase"/>) and the request details it records.</summary>
public static class AuditServiceCollectionExtensions
{
    public static IServiceCollection AddAuditLog(this IServiceCollection services)
    {
        services.AddSingleton(provider => new AuditLogStore(
            provider.GetRequiredService<IAuthDatabase>(),
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.ClusterId));
        return services;
    }

    /// <summary>Place after UseAuthentication: the acting admin comes from the validated bearer token.</summary>
    public static IApplicationBuilder UseAuditContext(this IApplicationBuilder app) => app.UseMiddleware<AuditContextMiddleware>();
}
