using Microsoft.Extensions.Options;

namespace OrleansAuth.Runtime.Hosting;

internal sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options)
    {
        var failures = new List<string>();
        RequirePositive(failures, nameof(options.ResponseTimeout), options.ResponseTimeout);
        RequirePositive(failures, nameof(options.CollectionAge), options.CollectionAge);
        RequirePositive(failures, nameof(options.CollectionQuantum), options.CollectionQuantum);
        RequirePositive(failures, nameof(options.DeactivationTimeout), options.DeactivationTimeout);
        if (options.MaxEnqueuedRequests < 1)
        {
            failures.Add($"{GrainRuntimeOptions.SectionName}:{nameof(options.MaxEnqueuedRequests)} must be at least 1 (was {options.MaxEnqueuedRequests}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{GrainRuntimeOptions.SectionName}:{key} must be a positive duration (was {value}).");
        }
    }
}
