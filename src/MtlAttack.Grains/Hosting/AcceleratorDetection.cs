using MtlAttack.Abstractions;
using TorchSharp;

namespace MtlAttack.Grains.Hosting;

/// <summary>
/// Decides what a silo advertises as <see cref="SiloMetadataKeys.Accelerator"/>: the configured value when
/// an operator set one, otherwise what libtorch actually sees. A CPU build of TorchSharp never reports cuda.
/// </summary>
public static class AcceleratorDetection
{
    public static string Resolve(string? configured, Func<bool>? cudaAvailable = null)
    {
        if (!string.IsNullOrWhiteSpace(configured) && configured.Trim() != "auto")
            return Accelerators.Normalize(configured);
        return (cudaAvailable ?? torch.cuda.is_available)() ? Accelerators.Cuda : Accelerators.Cpu;
    }
}
