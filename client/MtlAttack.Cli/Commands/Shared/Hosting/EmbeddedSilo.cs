using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MtlAttack.Silo;

namespace MtlAttack.Cli.Commands.Shared.Hosting;

/// <summary>An embedded silo in this process: localhost clustering on free ports, grain state in a SQLite file.</summary>
public static class EmbeddedSilo
{
    /// <param name="telemetry">Where the silo exports traces and metrics; none by default.</param>
    /// <param name="torchThreads">Torch's intra-op threads (<c>--threads</c>); null for the default.</param>
    public static IHost Start(string statePath, TelemetryOptions? telemetry = null, int? torchThreads = null)
    {
        var builder = Host.CreateApplicationBuilder();
        // The demo talks to the user through its own progress display; the silo's logs only matter when something breaks.
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.AddMtlAttackSilo(o =>
        {
            o.Mode = SiloModes.Embedded;
            o.SiloPort = LocalPorts.Free();
            o.GatewayPort = LocalPorts.Free();
            o.ClusterId = "mtlattack-demo";
            o.StatePath = statePath;
            if (telemetry is not null) o.Telemetry = telemetry;
            o.TorchThreads = torchThreads;
        });
        var host = builder.Build();
        host.Start();
        return host;
    }
}
