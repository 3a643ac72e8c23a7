using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using MtlAttack.Grains.Tests;
using OpenTelemetry.Trace;

namespace MtlAttack.Silo.Tests;

public class SiloTracingTests
{
    [Fact]
    public async Task StartingASiloIsOneTraceWithTheAcceleratorDetectionInside()
    {
        var spans = new ExportedSpans();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddSource(SiloTelemetry.SourceName).AddInMemoryExporter(spans).Build();
        using var host = EmbeddedSilos.Start(o => o.Accelerator = "cpu");
        tracing.ForceFlush();
        // Silos other tests start meanwhile trace too: pick this one's.
        string silo = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();

        var start = Assert.Single(spans.Snapshot(), s => s.OperationName == SiloTelemetry.Spans.SiloStart && s.GetTagItem("mtlattack.silo") as string == silo);
        Assert.Equal(default, start.ParentSpanId);
        Assert.Equal("cpu", start.GetTagItem("mtlattack.accelerator"));
        var detection = Assert.Single(spans.Snapshot(), s => s.OperationName == SiloTelemetry.Spans.AcceleratorDetection && s.ParentSpanId == start.SpanId);
        Assert.Equal("cpu", detection.GetTagItem("mtlattack.accelerator.advertised"));
        Assert.Equal(start.TraceId, detection.TraceId);
        await host.StopAsync();
    }
}
