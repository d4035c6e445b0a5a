namespace OrleansAuth.Runtime.Activation;

/// <summary>Grain type name → grain class, from the <c>AddGrain&lt;TInterface, TGrain&gt;()</c> registrations.</summary>
internal sealed class GrainClassRegistry
{
    private readonly Dictionary<string, GrainClassInfo> _classes = new(StringComparer.Ordinal);

    public GrainClassRegistry(IEnumerable<GrainRegistration> registrations)
    {
        foreach (var registration in registrations)
        {
            if (_classes.TryGetValue(registration.GrainType, out var existing) && existing.GrainClass != registration.GrainClass)
            {
                throw new InvalidOperationException($"Grain type '{registration.GrainType}' is registered for both {existing.GrainClass} and {registration.GrainClass}.");
            }

            _classes[registration.GrainType] = new GrainClassInfo(registration.GrainType, registration.GrainClass);
        }
    }

    public IEnumerable<string> GrainTypes => _classes.Keys;

    public GrainClassInfo Get(string grainType)
        => _classes.TryGetValue(grainType, out var info)
            ? info
            : throw new InvalidOperationException($"No grain class is registered for grain type '{grainType}'.");
}
