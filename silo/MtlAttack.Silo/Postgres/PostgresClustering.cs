using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Grains;
using MtlAttack.Grains.Storage;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace MtlAttack.Silo.Postgres;

/// <summary>Clustered mode: membership, grain state and reminders in PostgreSQL through Orleans' ADO.NET providers.</summary>
public static class PostgresClustering
{
    /// <summary>The ADO.NET invariant name of Npgsql, which the providers load the PostgreSQL driver by.</summary>
    public const string Invariant = "Npgsql";

    public static ISiloBuilder UsePostgresCluster(this ISiloBuilder silo, MtlAttackSiloOptions options)
    {
        string connectionString = options.Postgres ?? "";
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException(
                $"Clustered mode needs {MtlAttackSiloOptions.Section}:Postgres, the PostgreSQL connection string " +
                "(e.g. MtlAttack__Silo__Postgres=\"Host=db;Database=mtlattack;Username=mtlattack;Password=...\"); " +
                "create the database's schema with `mtlattack db init --postgres \"<connection string>\"`.");
        PostgresDatabase.Parse(connectionString);

        ConfigureEndpoints(silo, options);
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        // The ADO.NET provider under a name of its own, behind the one grains use, which names an unusable database.
        const string adoNetStorage = GrainStorage.Name + "-adonet";
        silo.Services.AddGrainStorage(GrainStorage.Name, (services, _) =>
            new OutageNamingGrainStorage(services.GetRequiredKeyedService<IGrainStorage>(adoNetStorage)));
        silo.AddAdoNetGrainStorage(adoNetStorage, storage => storage.Configure<Serializer>((o, serializer) =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
            // Orleans' binary serializer, as in embedded mode: our states are [GenerateSerializer] types, which the
            // provider's default (Newtonsoft JSON) would round-trip only by accident of their shapes.
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = Invariant;
            o.ConnectionString = connectionString;
        });
        // Before the providers read their queries: a missing schema fails with the command that creates it.
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(new PostgresSchemaCheck(connectionString));
        return silo;
    }

    // Listen on every interface; advertise the configured address, or what this host's name resolves to (a container's
    // own address under docker compose).
    private static void ConfigureEndpoints(ISiloBuilder silo, MtlAttackSiloOptions options)
    {
        string? advertised = options.AdvertisedAddress;
        if (string.IsNullOrWhiteSpace(advertised))
            silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        else if (IPAddress.TryParse(advertised, out var ip))
            silo.ConfigureEndpoints(ip, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
        else
            silo.ConfigureEndpoints(advertised, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
    }
}
