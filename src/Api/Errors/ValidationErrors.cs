namespace OrleansAuth.Api.Errors;

/// <summary>Collects field → messages for a 400 VALIDATION_ERROR; field names are the JSON (snake_case) names.</summary>
internal sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsEmpty => _errors.Count == 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Adds "is required" for a null or empty value and returns whether the value is present.</summary>
    public bool Required(string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(field, "The field is required.");
            return false;
        }

        return true;
    }

    /// <summary>Required, and at most <paramref name="maxLength"/> characters (guards grain calls and hashing work).</summary>
    public void Required(string field, string? value, int maxLength)
    {
        if (Required(field, value) && value!.Length > maxLength)
        {
            Add(field, $"The field must be at most {maxLength} characters.");
        }
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(pair => pair.Key, pair => pair.Value.ToArray(), StringComparer.Ordinal);
}
