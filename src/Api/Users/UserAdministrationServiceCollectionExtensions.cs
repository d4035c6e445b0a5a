using OrleansAuth.Grains;

namespace OrleansAuth.Api.Users;

/// <summary>The /api/v1/users endpoints' services: the reader of the users projection.</summary>
public static class UserAdministrationServiceCollectionExtensions
{
    public static IServiceCollection AddUserAdministration(this IServiceCollection services) => services.AddUserDirectory();
}
