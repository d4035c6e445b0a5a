using OrleansAuth.Runtime.Cluster;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAuth.Runtime.Tests.Grains;

public sealed class EchoGrain(IServiceProvider services) : Grain, IEchoGrain
{
    public Task<EchoReply> Echo(EchoRequest request)
    {
        var silo = services.GetService<ILocalSiloDetails>()?.SiloAddress.ToString() ?? "local";
        return Task.FromResult(new EchoReply(request.Id, request.Text, request.Tags.Length, silo));
    }

    public Task<string?> Maybe(string? value) => Task.FromResult(value is null ? null : value + "!");

    public Task<int> Unknown(Unregistered value) => Task.FromResult(value.Value.Length);

    public Task<Unregistered> UnknownResult() => Task.FromResult(new Unregistered("x"));

    public Task ThrowInconsistent() => throw new InconsistentStateException("stale", 3, 5);
}
