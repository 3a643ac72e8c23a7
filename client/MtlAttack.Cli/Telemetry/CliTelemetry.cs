using System.Diagnostics;
using MtlAttack.Silo;

namespace MtlAttack.Cli.Telemetry;

/// <summary>
/// The command line's own spans. The silo hosted in this process exports this source with the others, so a demo's
/// trace starts where the user's request does instead of at the first grain call.
/// </summary>
public static class CliTelemetry
{
    public static readonly ActivitySource Source = new(SiloTelemetry.CliSourceName);

    public static class Spans
    {
        /// <summary>Registering the demo model and starting its evaluation; the evaluation's spans continue its trace.</summary>
        public const string DemoStart = "demo register and evaluate";
    }
}
