using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace OrleansAuth.Runtime;

/// <summary>
/// Holds what the code generator emits for each grain interface: its grain type name and a factory for its typed
/// reference. Generated module initializers call <c>Register</c>; lookups are static generic
/// fields, so creating a reference costs one delegate call and no reflection.
/// </summary>
public static class GrainInterfaceRegistry
{
    private static readonly Lock MethodsLock = new();
    private static Dictionary<ulong, GrainMethodDescriptor> s_methods = [];

    public static void Register<TGrainInterface>(string grainType, Func<IGrainCallInvoker, GrainId, TGrainInterface> referenceFactory)
        where TGrainInterface : IGrain
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(grainType);
        ArgumentNullException.ThrowIfNull(referenceFactory);
        Entry<TGrainInterface>.GrainType = grainType;
        Entry<TGrainInterface>.Factory = referenceFactory;
    }

    /// <summary>
    /// Registers the reference factory and the methods of <typeparamref name="TGrainInterface"/>, so requests arriving
    /// from the network can be matched to their method by <see cref="GrainMethodDescriptor.WireId"/>.
    /// </summary>
    public static void Register<TGrainInterface>(string grainType, Func<IGrainCallInvoker, GrainId, TGrainInterface> referenceFactory, GrainMethodDescriptor[] methods)
        where TGrainInterface : IGrain
    {
        ArgumentNullException.ThrowIfNull(methods);
        Register(grainType, referenceFactory);
        lock (MethodsLock)
        {
            // Copy on write: lookups on the receive path read the current dictionary without a lock.
            var next = new Dictionary<ulong, GrainMethodDescriptor>(s_methods);
            foreach (var method in methods)
            {
                if (method.WireName is null)
                {
                    continue;
                }

                if (next.TryGetValue(method.WireId, out var existing) && existing.WireName != method.WireName)
                {
                    throw new InvalidOperationException(
                        $"Grain methods '{existing.WireName}' and '{method.WireName}' have the same wire id {method.WireId:x16}; rename one of them.");
                }

                next[method.WireId] = method;
            }

            Volatile.Write(ref s_methods, next);
        }
    }

    /// <summary>The method with wire id <paramref name="wireId"/>, if its interface has been loaded in this process.</summary>
    internal static bool TryGetMethod(ulong wireId, [NotNullWhen(true)] out GrainMethodDescriptor? method)
        => Volatile.Read(ref s_methods).TryGetValue(wireId, out method);

    /// <summary>The grain type name of <typeparamref name="TGrainInterface"/>.</summary>
    public static string GetGrainType<TGrainInterface>()
        where TGrainInterface : IGrain
        => Cache<TGrainInterface>.GrainType;

    public static TGrainInterface CreateReference<TGrainInterface>(IGrainCallInvoker invoker, string key)
        where TGrainInterface : IGrain
    {
        ArgumentNullException.ThrowIfNull(key);
        return Cache<TGrainInterface>.Factory(invoker, new GrainId(Cache<TGrainInterface>.GrainType, key));
    }

    private static class Entry<T>
    {
        public static string? GrainType;
        public static Func<IGrainCallInvoker, GrainId, T>? Factory;
    }

    // The generated registration runs from the interface assembly's module initializer, which the runtime only
    // guarantees before that assembly's own code runs; force it once per interface type.
    private static class Cache<T>
        where T : IGrain
    {
        public static readonly string GrainType;
        public static readonly Func<IGrainCallInvoker, GrainId, T> Factory;

        static Cache()
        {
            if (Entry<T>.Factory is null)
            {
                RuntimeHelpers.RunModuleConstructor(typeof(T).Module.ModuleHandle);
            }

            GrainType = Entry<T>.GrainType
                ?? throw new InvalidOperationException($"No generated reference for grain interface {typeof(T)}. Does its project reference the OrleansAuth.Runtime.CodeGen analyzer?");
            Factory = Entry<T>.Factory!;
        }
    }
}
