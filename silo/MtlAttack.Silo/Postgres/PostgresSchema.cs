using System.Reflection;
using Npgsql;

namespace MtlAttack.Silo.Postgres;

/// <summary>
/// MtlAttack's PostgreSQL schema for clustered mode: the scripts in <c>deploy/postgres</c> (embedded here), which create
/// the membership, grain state and reminder tables and the <c>OrleansQuery</c> rows the Orleans ADO.NET providers run.
/// Applying is idempotent (tables are created when missing, query rows replaced), so it is safe on every release and
/// from several machines at once.
/// </summary>
public static class PostgresSchema
{
    /// <summary>The query keys Orleans' ADO.NET clustering, grain storage and reminder providers read at start-up.</summary>
    public static IReadOnlyList<string> RequiredQueryKeys { get; } =
    [
        // Clustering
        "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey",
        "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "DeleteMembershipTableEntriesKey",
        "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey", "GatewaysQueryKey",
        // Grain storage
        "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey",
        // Reminders
        "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key", "ReadRangeRows2Key",
        "DeleteReminderRowKey", "DeleteReminderRowsKey",
    ];

    private const string ResourcePrefix = "MtlAttack.Silo.Postgres.";

    // Any fixed number: the advisory lock that makes concurrent applies take turns.
    private const long ApplyLockKey = 0x4d746c4174746163;

    /// <summary>The scripts in the order they run (their file names sort that way).</summary>
    public static IReadOnlyList<SchemaScript> Scripts { get; } = LoadScripts();

    /// <summary>Creates or updates the schema in one transaction; returns the scripts it ran.</summary>
    public static async Task<IReadOnlyList<string>> ApplyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = await PostgresDatabase.OpenAsync(connectionString, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT pg_advisory_xact_lock({ApplyLockKey})", cancellationToken);
        foreach (var script in Scripts)
        {
            try
            {
                await ExecuteAsync(connection, script.Sql, cancellationToken);
            }
            catch (PostgresException e)
            {
                string advice = e.SqlState == PostgresErrorCodes.InsufficientPrivilege
                    ? "connect as a user that may create tables in the database (e.g. its owner)"
                    : "the script may be corrupt or the server older than PostgreSQL 11";
                throw new InvalidOperationException(
                    $"Applying {script.Name} to PostgreSQL at {PostgresDatabase.Describe(connectionString)} failed: {e.MessageText}. " +
                    $"Nothing was changed; {advice}.", e);
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return Scripts.Select(s => s.Name).ToList();
    }

    /// <summary>The required query keys the database lacks (all of them when it has no schema at all).</summary>
    public static async Task<IReadOnlyList<string>> MissingQueryKeysAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        await using var connection = await PostgresDatabase.OpenAsync(connectionString, cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT to_regclass('orleansquery') IS NOT NULL", connection);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return RequiredQueryKeys;

        await using var keys = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery", connection);
        var present = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await keys.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) present.Add(reader.GetString(0));
        return RequiredQueryKeys.Where(k => !present.Contains(k)).ToList();
    }

    /// <summary>Throws, saying how to create the schema, when the database cannot serve the Orleans providers.</summary>
    public static async Task VerifyAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        var missing = await MissingQueryKeysAsync(connectionString, cancellationToken);
        if (missing.Count == 0) return;
        string what = missing.Count == RequiredQueryKeys.Count ? "has no MtlAttack schema" : $"lacks the queries {string.Join(", ", missing)}";
        throw new InvalidOperationException(
            $"The PostgreSQL database at {PostgresDatabase.Describe(connectionString)} {what}. Create or update it with " +
            "`mtlattack db init --postgres \"<connection string>\"` (or `psql -f` on each file of deploy/postgres, in order).");
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<SchemaScript> LoadScripts()
    {
        var assembly = typeof(PostgresSchema).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n => new SchemaScript(n[ResourcePrefix.Length..], Read(assembly, n)))
            .ToList();
    }

    private static string Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>One schema file: its name in <c>deploy/postgres</c> and its SQL.</summary>
public sealed record SchemaScript(string Name, string Sql);
