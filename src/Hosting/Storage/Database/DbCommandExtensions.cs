using System.Data.Common;

namespace OrleansAuth.Hosting.Storage.Database;

/// <summary>Provider-neutral command building for the stores whose SQL is the same on SQLite and PostgreSQL.</summary>
public static class DbCommandExtensions
{
    /// <summary>A command on <paramref name="connection"/> with the <c>@cluster_id</c> parameter every clustered table filters on.</summary>
    public static DbCommand CreateClusterCommand(this DbConnection connection, string sql, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.AddParameter("@cluster_id", clusterId);
        return command;
    }

    public static void AddParameter(this DbCommand command, string name, object value)
    {
        ArgumentNullException.ThrowIfNull(command);
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
