using MtlAttack.Api.Tenancy;
using Npgsql;

namespace MtlAttack.Api.Health;

/// <summary>One dependency the API needs to serve requests, checked when readiness is asked for.</summary>
public interface IReadinessProbe
{
    /// <summary>What it is, as an operator would look for it (e.g. <c>PostgreSQL database mtlattack on db</c>).</summary>
    string Name { get; }

    /// <summary>Returns when the dependency can be used now; throws what using it throws otherwise.</summary>
    Task CheckAsync(CancellationToken cancellationToken);
}

/// <summary>The tenant store every request's API key is looked up in.</summary>
public sealed class TenantStoreProbe(SqlTenantDirectory directory) : IReadinessProbe
{
    public string Name => $"tenant store ({directory})";

    public Task CheckAsync(CancellationToken cancellationToken) => directory.PingAsync(cancellationToken);
}

/// <summary>At least one silo answers: the one that serves grain calls for this API.</summary>
public sealed class SiloProbe(IGrainFactory grains) : IReadinessProbe
{
    public string Name => "silos";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
        if (hosts.Count == 0) throw new InvalidOperationException("No silo is active in the cluster.");
    }
}

/// <summary>Clustered mode: the PostgreSQL database that holds the cluster's membership, grain state and reminders.</summary>
public sealed class ClusterDatabaseProbe(string connectionString) : IReadinessProbe
{
    private readonly NpgsqlConnectionStringBuilder where = new(connectionString);

    public string Name => $"cluster state (PostgreSQL database {where.Database} on {where.Host})";

    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
    }
}
