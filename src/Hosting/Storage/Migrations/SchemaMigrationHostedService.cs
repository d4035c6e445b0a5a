using Microsoft.Extensions.Hosting;

namespace OrleansAuth.Hosting.Storage.Migrations;

/// <summary>
/// Migrates the schema in <see cref="IHostedLifecycleService.StartingAsync"/>, which the host awaits before it calls
/// StartAsync on any hosted service (the silo, Kestrel), so nothing is served against an old schema. A failure
/// stops the host from starting.
/// </summary>
internal sealed class SchemaMigrationHostedService(SchemaMigrator migrator) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => migrator.MigrateAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
