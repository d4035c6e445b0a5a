namespace OrleansAuth.Runtime.CodeGen;

internal static class Placeholder;
