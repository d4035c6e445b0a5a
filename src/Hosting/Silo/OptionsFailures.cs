using Microsoft.Extensions.Options;

namespace OrleansAuth.Hosting.Silo;

/// <summary>Collects option validation failures, each naming its configuration key (<c>Section:Key</c>).</summary>
internal sealed class OptionsFailures(string section)
{
    private readonly List<string> _failures = [];

    public void Add(string message) => _failures.Add(message);

    public void RequirePositive(string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            _failures.Add($"{section}:{key} must be a positive duration (was {value}).");
        }
    }

    public void RequireAtLeast(string key, int value, int minimum)
    {
        if (value < minimum)
        {
            _failures.Add($"{section}:{key} must be at least {minimum} (was {value}).");
        }
    }

    public ValidateOptionsResult Result() => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
