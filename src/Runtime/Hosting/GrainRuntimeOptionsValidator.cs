using Microsoft.Extensions.Options;

namespace OrleansAuth.Runtime.Hosting;

internal sealed class GrainRuntimeOptionsValidator : IValidateOptions<GrainRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, GrainRuntimeOptions options)
    {
        var failures = new OptionsFailures(GrainRuntimeOptions.SectionName);
        failures.RequirePositive(nameof(options.ResponseTimeout), options.ResponseTimeout);
        failures.RequirePositive(nameof(options.CollectionAge), options.CollectionAge);
        failures.RequirePositive(nameof(options.CollectionQuantum), options.CollectionQuantum);
        failures.RequirePositive(nameof(options.DeactivationTimeout), options.DeactivationTimeout);
        failures.RequireAtLeast(nameof(options.MaxEnqueuedRequests), options.MaxEnqueuedRequests, 1);
        return failures.Result();
    }
}
