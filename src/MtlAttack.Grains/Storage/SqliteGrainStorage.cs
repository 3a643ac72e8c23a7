using System.Globalization;
using Microsoft.Data.Sqlite;
using Orleans.Serialization;
using Orleans.Storage;

namespace MtlAttack.Grains.Storage;

/// <summary>
/// Grain state in one local SQLite file, for embedded mode: a row per (state name, grain id) holding the state in
/// Orleans' binary serialization and an ETag (a version number) for optimistic concurrency. Every silo of an
/// embedded cluster on the same machine may share the file.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage
{
    private readonly string connectionString;
    private readonly Serializer serializer;

    public SqliteGrainStorage(string path, Serializer serializer)
    {
        this.serializer = serializer;
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        connectionString = new SqliteConnectionStringBuilder { DataSource = full, Mode = SqliteOpenMode.ReadWriteCreate, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        using var command = connection.CreateCommand();
        // WAL lets readers proceed while a silo writes; a busy timeout covers writers of other silos.
        command.CommandText = """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS grain_state (
                state_name TEXT NOT NULL,
                grain_id   TEXT NOT NULL,
                version    INTEGER NOT NULL,
                payload    BLOB NOT NULL,
                PRIMARY KEY (state_name, grain_id));
            """;
        command.ExecuteNonQuery();
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = Open();
        await using var command = Command(connection, "SELECT version, payload FROM grain_state WHERE state_name = $s AND grain_id = $g", stateName, grainId);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            // The state keeps the fresh instance the grain's persistent state was created with.
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.ETag = reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
        grainState.State = serializer.Deserialize<T>((byte[])reader.GetValue(1));
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        byte[] payload = serializer.SerializeToArray(grainState.State);
        long expected = grainState.ETag is null ? 0 : long.Parse(grainState.ETag, CultureInfo.InvariantCulture);
        await using var connection = Open();
        // One statement inserts a new row or updates the row whose version the grain last saw; anything else is a conflict.
        await using var command = Command(connection, grainState.ETag is null
            ? "INSERT INTO grain_state (state_name, grain_id, version, payload) VALUES ($s, $g, 1, $p) ON CONFLICT DO NOTHING"
            : "UPDATE grain_state SET version = version + 1, payload = $p WHERE state_name = $s AND grain_id = $g AND version = $v",
            stateName, grainId);
        command.Parameters.AddWithValue("$p", payload);
        command.Parameters.AddWithValue("$v", expected);
        if (await command.ExecuteNonQueryAsync() != 1)
            throw new InconsistentStateException($"The stored state of {grainId} ({stateName}) changed since it was read.", "unknown", grainState.ETag ?? "none");
        grainState.ETag = (expected + 1).ToString(CultureInfo.InvariantCulture);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = Open();
        await using var command = Command(connection, "DELETE FROM grain_state WHERE state_name = $s AND grain_id = $g", stateName, grainId);
        await command.ExecuteNonQueryAsync();
        grainState.ETag = null;
        grainState.RecordExists = false;
        grainState.State = Fresh<T>();
    }

    private static T Fresh<T>() =>
        typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is not null ? Activator.CreateInstance<T>() : default!;

    /// <summary>A command on the row of (<paramref name="stateName"/>, <paramref name="grainId"/>): its SQL names them $s and $g.</summary>
    private static SqliteCommand Command(SqliteConnection connection, string sql, string stateName, GrainId grainId)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$s", stateName);
        command.Parameters.AddWithValue("$g", grainId.ToString());
        return command;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        return connection;
    }
}
