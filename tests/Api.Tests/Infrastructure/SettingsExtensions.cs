namespace OrleansAuth.Api.Tests.Infrastructure;

internal static class SettingsExtensions
{
    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, (string Key, string? Value)[] extra)
    {
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }
}
