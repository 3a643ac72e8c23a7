using MtlAttack.Silo.Postgres;
using Npgsql;

namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>
/// A fresh database for one test class, with MtlAttack's schema applied (see <see cref="EmptyTestDatabase"/> for one
/// without), dropped afterwards. Does nothing where <see cref="PostgresFactAttribute"/> skips the tests.
/// </summary>
public class TestDatabase : IAsyncLifetime
{
    private readonly string name = "mtl_test_" + Guid.NewGuid().ToString("N");

    public string ConnectionString { get; private set; } = "";

    protected virtual bool WithSchema => true;

    public async Task InitializeAsync()
    {
        if (TestPostgres.UnavailableReason is not null) return;
        await Admin($"CREATE DATABASE {name}");
        ConnectionString = new NpgsqlConnectionStringBuilder(TestPostgres.AdminConnectionString) { Database = name, Pooling = true }.ToString();
        if (WithSchema) await PostgresSchema.ApplyAsync(ConnectionString);
    }

    /// <summary>Runs one statement on this class's database.</summary>
    public async Task<object?> Scalar(string sql)
    {
        await using var connection = await PostgresDatabase.OpenAsync(ConnectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public async Task DisposeAsync()
    {
        if (ConnectionString.Length == 0) return;
        // FORCE: silos that did not stop cleanly may still hold connections.
        await Admin($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    private static async Task Admin(string sql)
    {
        await using var connection = await PostgresDatabase.OpenAsync(TestPostgres.AdminConnectionString);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A fresh database with no schema.</summary>
public sealed class EmptyTestDatabase : TestDatabase
{
    protected override bool WithSchema => false;
}
