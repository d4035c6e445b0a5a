using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OrleansAuth.Grains.Directory;
using OrleansAuth.Grains.Passwords;
using OrleansAuth.Hosting;
using OrleansAuth.Grains.Users;
using OrleansAuth.Hosting.Storage;
using OrleansAuth.Hosting.Storage.Database;

namespace OrleansAuth.Grains;

/// <summary>Adds the user grain to a silo.</summary>
public static class UserGrainServiceCollectionExtensions
{
    /// <summary>
    /// Registers <c>IUserGrain</c> with its password hashing and policy, and <see cref="AuthOptions"/> bound to
    /// the <c>Auth</c> section and validated at start. At start the password hasher is warmed up, so a missing
    /// libargon2 or bad parameters stop the host instead of failing the first login. Safe to call more than once.
    /// </summary>
    public static IServiceCollection AddUserGrains(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AuthOptions>().Bind(configuration.GetSection(AuthOptions.SectionName)).ValidateOnStart();
        if (services.Any(descriptor => descriptor.ServiceType == typeof(PasswordHasher)))
        {
            return services;
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>());
        services.AddServiceClock();
        services.AddSingleton<PasswordHasher>();
        services.AddSingleton<CommonPasswordList>();
        services.AddSingleton<PasswordPolicy>();
        services.AddGrainStateSerializer(UserGrainJsonContext.Default);
        services.AddSingleton<IHostedService, PasswordHasherWarmup>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="UserDirectory"/>, the reader of the users projection, on the shared database of the
    /// grain storage (embedded silo) or cluster client; needs <c>IAuthDatabase</c> and <c>StorageOptions</c>.
    /// </summary>
    public static IServiceCollection AddUserDirectory(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(provider => new UserDirectory(
            provider.GetRequiredService<IAuthDatabase>(),
            provider.GetRequiredService<IOptions<StorageOptions>>().Value.ClusterId));
        return services;
    }
}
