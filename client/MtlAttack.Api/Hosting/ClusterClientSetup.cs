using MtlAttack.Api.Health;
using Orleans.Configuration;

namespace MtlAttack.Api.Hosting;

/// <summary>
/// The <c>MtlAttack:Client</c> section: how the API, an Orleans client, finds the silos. ClusterId and ServiceId must
/// be the silos' (<c>MtlAttack:Silo:ClusterId</c>/<c>ServiceId</c>).
/// </summary>
public sealed class ClusterClientOptions
{
    public const string Section = "MtlAttack:Client";

    /// <summary><c>localhost</c> (an embedded silo's gateway on this machine) or <c>clustered</c> (PostgreSQL membership).</summary>
    public string Mode { get; set; } = ClusterClientModes.Localhost;

    /// <summary>Localhost mode: the silo's gateway port (<c>MtlAttack:Silo:GatewayPort</c>).</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>Clustered mode: the connection string of the silos' PostgreSQL database, whose membership lists the gateways.</summary>
    public string? Postgres { get; set; }

    public string ClusterId { get; set; } = "mtlattack";
    public string ServiceId { get; set; } = "mtlattack";
}

public static class ClusterClientModes
{
    public const string Localhost = "localhost";
    public const string Clustered = "clustered";
}

/// <summary>Joins the API process to the cluster as an Orleans client, with activity propagation for end-to-end traces.</summary>
public static class ClusterClientSetup
{
    /// <summary>The ADO.NET invariant name of Npgsql, by which Orleans loads the PostgreSQL driver.</summary>
    private const string PostgresInvariant = "Npgsql";

    public static IHostApplicationBuilder AddMtlAttackClusterClient(this IHostApplicationBuilder builder)
    {
        var options = new ClusterClientOptions();
        builder.Configuration.GetSection(ClusterClientOptions.Section).Bind(options);
        builder.UseOrleansClient(client =>
        {
            switch (options.Mode)
            {
                case ClusterClientModes.Localhost:
                    client.UseLocalhostClustering(options.GatewayPort, options.ServiceId, options.ClusterId);
                    break;
                case ClusterClientModes.Clustered:
                    if (string.IsNullOrWhiteSpace(options.Postgres))
                        throw new ArgumentException(
                            $"{ClusterClientOptions.Section}:Mode is clustered but {ClusterClientOptions.Section}:Postgres is empty; set it to the " +
                            "silos' PostgreSQL connection string (e.g. MtlAttack__Client__Postgres=\"Host=db;Database=mtlattack;Username=mtlattack;Password=...\").");
                    client.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
                    client.UseAdoNetClustering(o => { o.Invariant = PostgresInvariant; o.ConnectionString = options.Postgres; });
                    builder.Services.AddSingleton<IReadinessProbe>(new ClusterDatabaseProbe(options.Postgres));
                    break;
                default:
                    throw new ArgumentException(
                        $"Unknown {ClusterClientOptions.Section}:Mode '{options.Mode}': use '{ClusterClientModes.Localhost}' or '{ClusterClientModes.Clustered}'.");
            }
            client.AddActivityPropagation();
        });
        return builder;
    }
}
