using System.Diagnostics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MtlAttack.Api.Telemetry;

/// <summary>
/// The API's traces: ASP.NET Core's request spans, continued into the grains by Orleans' activity propagation
/// (one trace id from the HTTP request down to the model host), plus the API's own spans.
/// </summary>
public static class ApiTelemetry
{
    public const string SourceName = "MtlAttack.Api";
    public static readonly ActivitySource Source = new(SourceName);

    public static class Spans
    {
        /// <summary>Receiving a checkpoint and registering it; the model grain's load is its child.</summary>
        public const string ModelUpload = "model upload";
    }

    public static void Add(IServiceCollection services, ApiTelemetryOptions options)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("mtlattack-api"))
            .WithTracing(tracing =>
            {
                tracing.AddSource(SourceName).AddSource("Microsoft.Orleans.Application").AddAspNetCoreInstrumentation();
                if (options.Console) tracing.AddConsoleExporter();
                if (!string.IsNullOrWhiteSpace(options.OtlpEndpoint)) tracing.AddOtlpExporter(o => o.Endpoint = new Uri(options.OtlpEndpoint));
            });
    }
}
