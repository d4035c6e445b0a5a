namespace OrleansAuth.Runtime.Tests.Grains;

public interface IContextGrain : IGrainWithStringKey
{
    /// <summary>Logs a line and returns the correlation id visible inside the grain.</summary>
    Task<string?> LogAndGetCorrelationId(string message);

    /// <summary>Calls another context grain and returns what that one saw.</summary>
    Task<string?> AskOther(string otherKey, string message);
}
