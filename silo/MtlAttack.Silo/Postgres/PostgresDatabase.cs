using Npgsql;

namespace MtlAttack.Silo.Postgres;

/// <summary>Opens connections to the cluster's PostgreSQL database with errors that say which server failed and what to do.</summary>
public static class PostgresDatabase
{
    /// <summary>Where a connection string points, without its password: "host:port/database as user".</summary>
    public static string Describe(string connectionString)
    {
        var parts = Parse(connectionString);
        string host = string.IsNullOrEmpty(parts.Host) ? "localhost" : parts.Host;
        return $"{host}:{parts.Port}/{parts.Database ?? "(default database)"}" + (parts.Username is null ? "" : $" as {parts.Username}");
    }

    /// <summary>Checks the connection string's syntax; the message names the bad part.</summary>
    public static NpgsqlConnectionStringBuilder Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException("The PostgreSQL connection string is empty; give one like \"Host=db;Port=5432;Database=mtlattack;Username=mtlattack;Password=...\".");
        try
        {
            return new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new ArgumentException($"The PostgreSQL connection string is not valid ({e.Message}); write it as \"Host=db;Port=5432;Database=mtlattack;Username=mtlattack;Password=...\".", e);
        }
    }

    public static async Task<NpgsqlConnection> OpenAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        Parse(connectionString);
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new PostgresUnavailableException(
                $"Cannot connect to PostgreSQL at {Describe(connectionString)}: {e.Message}. Check that the server runs and the connection string's host, port, database, user and password.", e);
        }
    }
}

/// <summary>The PostgreSQL server could not be reached or refused the login.</summary>
public sealed class PostgresUnavailableException(string message, Exception inner) : Exception(message, inner);
