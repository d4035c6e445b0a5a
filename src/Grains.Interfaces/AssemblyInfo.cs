namespace OrleansAuth.Grains.Interfaces;

internal static class AssemblyInfo;
