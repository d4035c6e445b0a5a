using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace OrleansAuth.Runtime.Activation;

/// <summary>
/// How to build activations of one grain class: its persistent states and a constructor factory compiled once at
/// start (the only reflection is here, never per call).
/// </summary>
internal sealed class GrainClassInfo
{
    private readonly ObjectFactory _factory;

    public GrainClassInfo(string grainType, Type grainClass)
    {
        GrainType = grainType;
        GrainClass = grainClass;
        var constructor = grainClass.GetConstructors(BindingFlags.Public | BindingFlags.Instance) switch
        {
            [var single] => single,
            var many => throw new InvalidOperationException($"Grain class {grainClass} must have exactly one public constructor (has {many.Length})."),
        };

        var states = new List<GrainStateDescriptor>();
        var stateTypes = new List<Type>();
        foreach (var parameter in constructor.GetParameters())
        {
            if (parameter.GetCustomAttribute<PersistentStateAttribute>() is not { } attribute)
            {
                continue;
            }

            var type = parameter.ParameterType;
            if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
            {
                throw new InvalidOperationException($"[PersistentState] parameter '{parameter.Name}' of {grainClass} must be IPersistentState<T>.");
            }

            if (states.Exists(s => s.StateName == attribute.StateName))
            {
                throw new InvalidOperationException($"{grainClass} declares persistent state '{attribute.StateName}' twice.");
            }

            states.Add(new GrainStateDescriptor(attribute.StateName, type.GetGenericArguments()[0]));
            stateTypes.Add(type);
        }

        States = states;
        _factory = ActivatorUtilities.CreateFactory(grainClass, [.. stateTypes]);
    }

    public string GrainType { get; }

    public Type GrainClass { get; }

    public IReadOnlyList<GrainStateDescriptor> States { get; }

    /// <summary>Constructs the grain; <paramref name="states"/> are in <see cref="States"/> order.</summary>
    public Grain Create(IServiceProvider services, object[] states) => (Grain)_factory(services, states);
}
