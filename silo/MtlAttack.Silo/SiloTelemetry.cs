using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Core.Telemetry;
using MtlAttack.Grains.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MtlAttack.Silo;

/// <summary>
/// OpenTelemetry for a silo: every MtlAttack project's spans (API, grains, Core, this host) and Orleans' spans and
/// metrics, to the exporters configuration names. This host's own spans: <c>silo start</c> and, inside it,
/// <c>accelerator detection</c>.
/// </summary>
public static class SiloTelemetry
{
    public const string SourceName = "MtlAttack.Silo";

    /// <summary>The HTTP API's source; the API hosts a client, not a silo, so its name is all the silo knows of it.</summary>
    public const string ApiSourceName = "MtlAttack.Api";

    /// <summary>The command line's source: the demo's caller span, when the CLI hosts a silo in its own process.</summary>
    public const string CliSourceName = "MtlAttack.Cli";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>One ActivitySource per MtlAttack project, callers first: a trace runs CLI or API, grains, Core.</summary>
    public static readonly string[] MtlAttackSources = [CliSourceName, ApiSourceName, SourceName, GrainTelemetry.SourceName, CoreTelemetry.SourceName];

    /// <summary>Orleans' own sources: grain calls (with activity propagation) and runtime.</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime"];

    public static class Spans
    {
        public const string SiloStart = "silo start";
        public const string AcceleratorDetection = "accelerator detection";
    }

    public static void Add(IServiceCollection services, TelemetryOptions options)
    {
        // The start span costs nothing without a listener, so it is always there for whichever tracer is attached.
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SiloStartTracing>();
        if (!options.Enabled) return;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("mtlattack-silo"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(MtlAttackSources).AddSource(OrleansSources);
                if (options.Console) tracing.AddConsoleExporter();
                if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)) tracing.AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint));
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(GrainTelemetry.SourceName, "Microsoft.Orleans");
                if (options.Console) metrics.AddConsoleExporter();
                if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)) metrics.AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint));
            });
    }
}
