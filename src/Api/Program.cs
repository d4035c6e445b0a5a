using OrleansAuth.Api.Errors;
using OrleansAuth.Api.Health;
using OrleansAuth.Api.Hosting;
using OrleansAuth.Api.Logging;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceLogging();
builder.Services.AddApiProblemDetails();
builder.Services.AddClusterAccess(builder.Configuration);
builder.Services.AddServiceHealth();

var app = builder.Build();

app.UseRequestCorrelation();
app.UseApiProblemDetails();
app.MapHealthEndpoints();

app.Run();

/// <summary>Entry point; public so the end-to-end tests can host the real application.</summary>
public partial class Program;
