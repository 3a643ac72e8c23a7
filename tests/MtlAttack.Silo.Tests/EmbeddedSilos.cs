using Microsoft.Extensions.Hosting;

namespace MtlAttack.Silo.Tests;

/// <summary>Embedded silos on free ports with state in a fresh temporary file, started and ready for calls.</summary>
internal static class EmbeddedSilos
{
    public static IHost Start(Action<MtlAttackSiloOptions>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.AddMtlAttackSilo(o =>
        {
            o.SiloPort = LocalPorts.Free();
            o.GatewayPort = LocalPorts.Free();
            o.ClusterId = "test-" + Guid.NewGuid().ToString("N");
            o.StatePath = Path.Combine(Path.GetTempPath(), "mtl-silo-" + Guid.NewGuid().ToString("N"), "state.db");
            configure?.Invoke(o);
        });
        var host = builder.Build();
        host.Start();
        return host;
    }
}
