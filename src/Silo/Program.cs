using OrleansAuth.Grains;
using OrleansAuth.Runtime.Hosting;

var builder = Host.CreateApplicationBuilder(args);

builder.Services.AddSilo(builder.Configuration);
builder.Services.AddUserGrains(builder.Configuration);

builder.Build().Run();
