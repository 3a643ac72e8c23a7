using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MtlAttack.Api.Hosting;

namespace MtlAttack.Silo.Tests.Clustered;

/// <summary>
/// Real in-process hosts of one cluster over PostgreSQL: silos built by <see cref="SiloHosting.AddMtlAttackSilo"/> in
/// clustered mode on loopback, and an Orleans client that finds them through the membership table's gateway list.
/// </summary>
internal sealed class ClusteredHosts(string connectionString)
{
    /// <summary>ClusterId and ServiceId, unique per test so that rows of other tests never mix in.</summary>
    public string ClusterId { get; } = "test-" + Guid.NewGuid().ToString("N");

    public IHost BuildSilo(string accelerator, Action<MtlAttackSiloOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddMtlAttackSilo(o =>
        {
            o.Mode = SiloModes.Clustered;
            o.Postgres = connectionString;
            o.ClusterId = ClusterId;
            o.ServiceId = ClusterId;
            o.AdvertisedAddress = "127.0.0.1";
            o.SiloPort = LocalPorts.Free();
            o.GatewayPort = LocalPorts.Free();
            o.Accelerator = accelerator;
            configure?.Invoke(o);
        });
        return builder.Build();
    }

    public async Task<IHost> StartSilo(string accelerator, Action<MtlAttackSiloOptions>? configure = null)
    {
        var host = BuildSilo(accelerator, configure);
        await host.StartAsync();
        return host;
    }

    /// <summary>An Orleans client configured as the HTTP API configures its own, through the same configuration keys.</summary>
    public async Task<IHost> StartClient()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MtlAttack:Client:Mode"] = "clustered",
            ["MtlAttack:Client:Postgres"] = connectionString,
            ["MtlAttack:Client:ClusterId"] = ClusterId,
            ["MtlAttack:Client:ServiceId"] = ClusterId,
        });
        builder.AddMtlAttackClusterClient();
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public static SiloAddress AddressOf(IHost silo) => silo.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
}
