using System.Diagnostics;
using Microsoft.Extensions.Options;
using MtlAttack.Abstractions;
using MtlAttack.Grains.Hosting;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace MtlAttack.Silo;

/// <summary>
/// Traces a silo's start: a <c>silo start</c> span from the first lifecycle stage until the silo is active, and in it
/// an <c>accelerator detection</c> span that asks libtorch what this machine has and compares it with the
/// accelerator the silo advertises (a cuda label on a machine without a GPU shows here, before a model fails).
/// </summary>
internal sealed class SiloStartTracing(ILocalSiloDetails silo, IOptions<SiloMetadata> metadata) : ILifecycleParticipant<ISiloLifecycle>
{
    private Activity? start;

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(SiloStartTracing), ServiceLifecycleStage.First, _ => Begin(), _ => Task.CompletedTask);
        lifecycle.Subscribe(nameof(SiloStartTracing), ServiceLifecycleStage.Active, _ => End(), _ => Task.CompletedTask);
    }

    private Task Begin()
    {
        // A root span of its own, and Activity.Current put back: work the silo starts later must not become its child.
        var current = Activity.Current;
        Activity.Current = null;
        start = SiloTelemetry.Source.StartActivity(SiloTelemetry.Spans.SiloStart);
        start?.SetTag("mtlattack.silo", silo.SiloAddress.ToParsableString());
        start?.SetTag("mtlattack.silo.name", silo.Name);
        Activity.Current = current;
        return Task.CompletedTask;
    }

    private Task End()
    {
        if (start is null) return Task.CompletedTask;
        var current = Activity.Current;
        Activity.Current = start;
        using (var detection = SiloTelemetry.Source.StartActivity(SiloTelemetry.Spans.AcceleratorDetection))
        {
            string detected = AcceleratorDetection.Resolve(null);
            string advertised = metadata.Value.Metadata.GetValueOrDefault(SiloMetadataKeys.Accelerator, "none");
            detection?.SetTag("mtlattack.accelerator.detected", detected);
            detection?.SetTag("mtlattack.accelerator.advertised", advertised);
            start.SetTag("mtlattack.accelerator", advertised);
            if (detected != advertised && advertised == Accelerators.Cuda)
                detection?.SetStatus(ActivityStatusCode.Error, "The silo advertises cuda but libtorch sees no GPU: cuda models placed here run on the CPU.");
        }
        start.Stop();
        Activity.Current = current;
        return Task.CompletedTask;
    }
}
