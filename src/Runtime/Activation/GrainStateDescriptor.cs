using System.Reflection;
using OrleansAuth.Runtime.Storage;

namespace OrleansAuth.Runtime.Activation;

/// <summary>One <c>[PersistentState]</c> constructor parameter of a grain class, with a typed factory built once.</summary>
internal sealed class GrainStateDescriptor
{
    private static readonly MethodInfo CreateTypedMethod = typeof(GrainStateDescriptor).GetMethod(nameof(CreateTyped), BindingFlags.NonPublic | BindingFlags.Static)!;

    private readonly Func<GrainId, string, IGrainStorage, GrainStateSerializer, IGrainStateHandle> _factory;

    public GrainStateDescriptor(string stateName, Type stateType)
    {
        StateName = stateName;
        StateType = stateType;
        _factory = CreateTypedMethod.MakeGenericMethod(stateType)
            .CreateDelegate<Func<GrainId, string, IGrainStorage, GrainStateSerializer, IGrainStateHandle>>();
    }

    public string StateName { get; }

    public Type StateType { get; }

    public IGrainStateHandle Create(GrainId grainId, IGrainStorage storage, GrainStateSerializer serializer)
        => _factory(grainId, StateName, storage, serializer);

    private static IGrainStateHandle CreateTyped<TState>(GrainId grainId, string stateName, IGrainStorage storage, GrainStateSerializer serializer)
        where TState : class, new()
        => new PersistentState<TState>(grainId, stateName, storage, serializer.GetTypeInfo<TState>());
}
