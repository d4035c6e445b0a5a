namespace OrleansAuth.Grains.Interfaces;

/// <summary>One validation message for one request field (snake_case field name of the HTTP contract).</summary>
[GenerateSerializer]
[Immutable]
[Alias("OrleansAuth.FieldError")]
public sealed record FieldError(string Field, string Message);
