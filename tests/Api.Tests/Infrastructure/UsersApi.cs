using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace OrleansAuth.Api.Tests.Infrastructure;

/// <summary>A client of the admin endpoints /api/v1/users for tests.</summary>
public sealed class UsersApi(HttpClient client)
{
    public const string Prefix = "/api/v1/users";

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string pathAndQuery, string? bearer, object? body = null)
    {
        using var request = new HttpRequestMessage(method, Prefix + pathAndQuery)
        {
            Content = body is null ? null : JsonContent.Create(body),
        };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await client.SendAsync(request);
    }

    public Task<HttpResponseMessage> ListAsync(string query, string? bearer) => SendAsync(HttpMethod.Get, query, bearer);

    public Task<HttpResponseMessage> GetAsync(Guid id, string? bearer) => SendAsync(HttpMethod.Get, $"/{id}", bearer);

    public Task<HttpResponseMessage> PatchAsync(Guid id, object body, string? bearer) => SendAsync(HttpMethod.Patch, $"/{id}", bearer, body);

    public Task<HttpResponseMessage> DeleteAsync(Guid id, string? bearer) => SendAsync(HttpMethod.Delete, $"/{id}", bearer);
}
