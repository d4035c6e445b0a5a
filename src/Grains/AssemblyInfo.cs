namespace OrleansAuth.Grains;

internal static class AssemblyInfo;
