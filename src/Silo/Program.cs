using OrleansAuth.Silo.Hosting;

var builder = Host.CreateApplicationBuilder(args);

builder.Services.AddSiloHost(builder.Configuration);

builder.Build().Run();
