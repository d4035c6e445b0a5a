using OrleansAuth.Runtime.Hosting;

var builder = Host.CreateApplicationBuilder(args);

builder.Services.AddSilo(builder.Configuration);

builder.Build().Run();
