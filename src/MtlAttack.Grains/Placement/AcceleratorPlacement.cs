using Microsoft.Extensions.Options;
using MtlAttack.Abstractions;
using Orleans.Metadata;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace MtlAttack.Grains.Placement;

public sealed class AcceleratorPlacementOptions
{
    /// <summary>
    /// Whether a model that needs cuda may be placed on a CPU silo when no cuda silo is in the cluster. On for
    /// laptops and the embedded demo; off for a GPU cluster, where running a large model on a CPU is never wanted.
    /// </summary>
    public bool AllowCpuFallback { get; set; }
}

/// <summary>
/// Places a grain on silos whose <see cref="SiloMetadataKeys.Accelerator"/> matches the accelerator its caller asks
/// for in <see cref="RequestContextKeys.RequiredAccelerator"/> (cuda when not given). The built-in silo-metadata
/// filters compare silos with the placing silo; this one compares them with a value, per model, and knows the
/// fallback rule: cuda, else CPU silos only where <see cref="AcceleratorPlacementOptions.AllowCpuFallback"/> is on;
/// cpu, else any silo.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class AcceleratorPlacementFilterAttribute() : PlacementFilterAttribute(new AcceleratorPlacementFilterStrategy());

public sealed class AcceleratorPlacementFilterStrategy() : PlacementFilterStrategy(0);

public sealed class AcceleratorPlacementFilterDirector(ISiloMetadataCache metadata, IOptions<AcceleratorPlacementOptions> options) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        return Choose(Required(target), silos.ToList(), silo => AcceleratorOf(metadata, silo), options.Value.AllowCpuFallback);
    }

    /// <summary>The placement rule on its own, so that it can be checked without a cluster.</summary>
    public static IReadOnlyList<SiloAddress> Choose(string required, IReadOnlyList<SiloAddress> silos, Func<SiloAddress, string?> acceleratorOf, bool allowCpuFallback)
    {
        var matching = silos.Where(s => acceleratorOf(s) == required).ToList();
        if (matching.Count > 0) return matching;
        if (required == Accelerators.Cpu || allowCpuFallback) return silos;
        throw new MtlAttackException(
            $"No silo in the cluster has a {required} accelerator (silos: {string.Join(", ", silos.Select(s => $"{s} = {acceleratorOf(s) ?? "unlabelled"}"))}); " +
            "start a silo with that accelerator, or allow the CPU fallback (MtlAttack:Silo:AllowCpuFallback=true).",
            MtlAttackErrorKind.Unavailable);
    }

    /// <summary>The accelerator a grain about to be placed needs, from its caller's request context (cuda when not given).</summary>
    public static string Required(PlacementTarget target) =>
        target.RequestContextData?.GetValueOrDefault(RequestContextKeys.RequiredAccelerator) as string ?? Accelerators.Cuda;

    public static string? AcceleratorOf(ISiloMetadataCache metadata, SiloAddress silo) =>
        metadata.GetSiloMetadata(silo).Metadata.TryGetValue(SiloMetadataKeys.Accelerator, out var value) ? value : null;
}

/// <summary>
/// Places an attack grain on the silo named in <see cref="RequestContextKeys.ColocateWithSilo"/>: the silo of its
/// model's activation, which the evaluation asks the model grain for just before. Colocation is what keeps images
/// off the wire; correctness does not depend on it (an attack grain loads the network into its own silo's host when
/// it must), so when the named silo is gone the grain goes to another silo, but only one the model's accelerator
/// rule allows: a cuda model's batches never land on a CPU silo where the fallback is off.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ColocateWithModelPlacementAttribute() : PlacementAttribute(ColocateWithModelPlacement.Instance);

[GenerateSerializer, Immutable]
public sealed class ColocateWithModelPlacement : PlacementStrategy
{
    public static ColocateWithModelPlacement Instance { get; } = new();
}

public sealed class ColocateWithModelPlacementDirector(ISiloMetadataCache metadata, IOptions<AcceleratorPlacementOptions> options) : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var compatible = context.GetCompatibleSilos(target).ToList();
        if (target.RequestContextData?.GetValueOrDefault(RequestContextKeys.ColocateWithSilo) is string wanted)
        {
            var silo = compatible.FirstOrDefault(s => s.ToParsableString() == wanted);
            if (silo is not null) return Task.FromResult(silo);
        }
        var allowed = AcceleratorPlacementFilterDirector.Choose(AcceleratorPlacementFilterDirector.Required(target), compatible,
            silo => AcceleratorPlacementFilterDirector.AcceleratorOf(metadata, silo), options.Value.AllowCpuFallback);
        return Task.FromResult(allowed.Contains(context.LocalSilo) ? context.LocalSilo : allowed[Random.Shared.Next(allowed.Count)]);
    }
}

/// <summary>Sets a request-context value for the calls made inside a using block, and restores the previous value after.</summary>
public readonly struct RequestContextScope : IDisposable
{
    private readonly string key;
    private readonly object? previous;

    public RequestContextScope(string key, object value)
    {
        this.key = key;
        previous = RequestContext.Get(key);
        RequestContext.Set(key, value);
    }

    public void Dispose()
    {
        if (previous is null) RequestContext.Remove(key);
        else RequestContext.Set(key, previous);
    }
}
