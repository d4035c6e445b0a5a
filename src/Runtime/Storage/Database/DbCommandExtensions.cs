using System.Data.Common;

namespace OrleansAuth.Runtime.Storage.Database;

/// <summary>Provider-neutral parameter binding for the stores that share one SQL text across databases.</summary>
public static class DbCommandExtensions
{
    /// <summary>Adds <c>@name</c>-style parameter <paramref name="name"/> (both providers bind it) with <paramref name="value"/>.</summary>
    public static void AddParameter(this DbCommand command, string name, object value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
