using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;
using MtlAttack.Abstractions;
using Npgsql;

namespace MtlAttack.Api.Tenancy;

/// <summary>
/// Tenants and the hashes of their API keys, in two tables of a SQL database: the embedded SQLite state file or the
/// cluster's PostgreSQL. The SQL is the subset both speak, so one class serves both; it creates its tables on first use.
/// </summary>
public sealed class SqlTenantDirectory
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS mtlattack_tenants (
            name TEXT PRIMARY KEY,
            created_utc TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS mtlattack_api_keys (
            key_hash TEXT PRIMARY KEY,
            tenant TEXT NOT NULL REFERENCES mtlattack_tenants(name),
            created_utc TEXT NOT NULL);
        """;

    private readonly DbProviderFactory provider;
    private readonly string connectionString;
    private readonly string where;
    private readonly SemaphoreSlim schemaOnce = new(1, 1);
    private bool schemaReady;

    private SqlTenantDirectory(DbProviderFactory provider, string connectionString, string where)
    {
        this.provider = provider;
        this.connectionString = connectionString;
        this.where = where;
    }

    public static SqlTenantDirectory Sqlite(string path)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        var builder = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 };
        return new SqlTenantDirectory(SqliteFactory.Instance, builder.ToString(), $"SQLite file {full}");
    }

    public static SqlTenantDirectory Postgres(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new SqlTenantDirectory(NpgsqlFactory.Instance, connectionString, $"PostgreSQL database {builder.Database} on {builder.Host}");
    }

    public static SqlTenantDirectory FromOptions(TenantStoreOptions options) =>
        string.IsNullOrWhiteSpace(options.Postgres) ? Sqlite(options.SqlitePath) : Postgres(options.Postgres);

    public override string ToString() => where;

    /// <summary>Creates the tenant and returns its first API key (the only time the key is seen).</summary>
    /// <exception cref="TenantExistsException">The name is taken.</exception>
    public async Task<string> CreateTenantAsync(string name, CancellationToken cancellationToken = default)
    {
        ModelKey.ValidateName(name, "tenant");
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await ExistsAsync(connection, transaction, name, cancellationToken)) throw new TenantExistsException(name);
        await ExecuteAsync(connection, transaction, "INSERT INTO mtlattack_tenants (name, created_utc) VALUES (@name, @created)", cancellationToken,
            ("name", name), ("created", Now()));
        string key = await InsertKeyAsync(connection, transaction, name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return key;
    }

    /// <summary>Issues another key for an existing tenant (for rotation); throws <see cref="KeyNotFoundException"/> for an unknown tenant.</summary>
    public async Task<string> AddKeyAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await ExistsAsync(connection, transaction, name, cancellationToken))
            throw new KeyNotFoundException($"There is no tenant '{name}' in the {where}; create it with 'mtlattack tenants create {name}'.");
        string key = await InsertKeyAsync(connection, transaction, name, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return key;
    }

    /// <summary>Withdraws the key whose hash is <paramref name="keyHash"/>; returns the tenant it belonged to, or null when no key has that hash.</summary>
    public async Task<string?> RevokeKeyAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var find = Command(connection, transaction, "SELECT tenant FROM mtlattack_api_keys WHERE key_hash = @hash", ("hash", keyHash));
        if (await find.ExecuteScalarAsync(cancellationToken) is not string tenant) return null;
        await ExecuteAsync(connection, transaction, "DELETE FROM mtlattack_api_keys WHERE key_hash = @hash", cancellationToken, ("hash", keyHash));
        await transaction.CommitAsync(cancellationToken);
        return tenant;
    }

    /// <summary>The tenant a key hash belongs to, or null.</summary>
    public async Task<string?> FindTenantAsync(string keyHash, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT tenant FROM mtlattack_api_keys WHERE key_hash = @hash", ("hash", keyHash));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<TenantRecord>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT t.name, t.created_utc, COUNT(k.key_hash)
            FROM mtlattack_tenants t LEFT JOIN mtlattack_api_keys k ON k.tenant = t.name
            GROUP BY t.name, t.created_utc ORDER BY t.name
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var tenants = new List<TenantRecord>();
        while (await reader.ReadAsync(cancellationToken))
            tenants.Add(new TenantRecord(reader.GetString(0), DateTimeOffset.Parse(reader.GetString(1), CultureInfo.InvariantCulture), Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture)));
        return tenants;
    }

    /// <summary>Checks that the store can be used now (for readiness); throws what using it would throw.</summary>
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
    }

    private async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = provider.CreateConnection()!;
        connection.ConnectionString = connectionString;
        try
        {
            await connection.OpenAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or System.Net.Sockets.SocketException or InvalidOperationException)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException($"Cannot open the tenant store ({where}): {e.Message}", e);
        }
        if (!schemaReady)
        {
            await schemaOnce.WaitAsync(cancellationToken);
            try
            {
                if (!schemaReady) await ExecuteAsync(connection, null, Schema, cancellationToken);
                schemaReady = true;
            }
            finally { schemaOnce.Release(); }
        }
        return connection;
    }

    private static async Task<bool> ExistsAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, "SELECT COUNT(*) FROM mtlattack_tenants WHERE name = @name", ("name", name));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<string> InsertKeyAsync(DbConnection connection, DbTransaction transaction, string name, CancellationToken cancellationToken)
    {
        string key = ApiKey.Generate();
        await ExecuteAsync(connection, transaction, "INSERT INTO mtlattack_api_keys (key_hash, tenant, created_utc) VALUES (@hash, @name, @created)", cancellationToken,
            ("hash", ApiKey.Hash(key)), ("name", name), ("created", Now()));
        return key;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }

    private static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
}

public sealed record TenantRecord(string Name, DateTimeOffset Created, int Keys);

public sealed class TenantExistsException(string name) : Exception($"Tenant '{name}' already exists; pick another name, or issue it another key.");
