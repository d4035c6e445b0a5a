using OrleansAuth.Api.Audit;
using OrleansAuth.Api.Auth;
using OrleansAuth.Api.Discovery;
using OrleansAuth.Api.Errors;
using OrleansAuth.Api.Health;
using OrleansAuth.Api.Hosting;
using OrleansAuth.Api.Logging;
using OrleansAuth.Api.Metrics;
using OrleansAuth.Api.OpenApi;
using OrleansAuth.Api.RateLimiting;
using OrleansAuth.Api.Tokens;
using OrleansAuth.Api.Users;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceLogging();
builder.Services.AddApiProblemDetails();
builder.Services.AddApiRequestHandling();
builder.Services.AddClusterAccess(builder.Configuration);
builder.Services.AddServiceHealth();
builder.Services.AddAccessTokens(builder.Configuration);
builder.Services.AddAuthEndpoints();
builder.Services.AddAdminPolicy();
builder.Services.AddAuditLog();
builder.Services.AddUserAdministration();
builder.Services.AddApiRateLimiting(builder.Configuration);
builder.Services.AddApiDocumentation();
builder.Services.AddServiceMetrics(builder.Configuration);

var app = builder.Build();

app.UseRequestCorrelation();
app.UseApiProblemDetails();
app.UseApiDocumentation();
app.UseAuthentication();
app.UseAuditContext();
app.UseRateLimiter();
app.UseAuthorization();
app.MapHealthEndpoints();
app.MapDiscoveryEndpoints();
app.MapAuthEndpoints();
app.MapAuditEndpoints();
app.MapUserEndpoints();
app.MapMetricsEndpoint();

app.Run();

/// <summary>Entry point; public so the end-to-end tests can host the real application.</summary>
public partial class Program;
