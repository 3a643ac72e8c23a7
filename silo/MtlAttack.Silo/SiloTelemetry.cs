using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Grains.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MtlAttack.Silo;

/// <summary>OpenTelemetry for a silo: MtlAttack's and Orleans' spans and metrics, to the exporters configuration names.</summary>
public static class SiloTelemetry
{
    /// <summary>Orleans' own sources: grain calls (with activity propagation) and runtime.</summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Application", "Microsoft.Orleans.Runtime"];

    public static void Add(IServiceCollection services, TelemetryOptions options)
    {
        if (!options.Enabled) return;
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("mtlattack-silo"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(GrainTelemetry.SourceName).AddSource(OrleansSources);
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
