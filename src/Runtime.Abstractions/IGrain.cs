namespace OrleansAuth.Runtime;

/// <summary>Marker for grain interfaces. Use <see cref="IGrainWithStringKey"/> for keyed grains.</summary>
public interface IGrain;
