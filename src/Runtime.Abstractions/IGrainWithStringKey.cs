namespace OrleansAuth.Runtime;

/// <summary>A grain interface whose grains are addressed by a string key (Orleans' IGrainWithStringKey).</summary>
public interface IGrainWithStringKey : IGrain;
