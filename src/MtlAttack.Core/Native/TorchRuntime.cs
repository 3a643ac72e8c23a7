using TorchSharp;

namespace MtlAttack.Core.Native;

/// <summary>Picks the compute device honestly: CUDA when libtorch sees one, otherwise CPU.</summary>
public static class TorchRuntime
{
    public static torch.Device DefaultDevice() =>
        torch.cuda.is_available() ? torch.CUDA : torch.CPU;

    /// <summary>Parses a user's device choice: "auto", "cpu", "cuda" or "cuda:N".</summary>
    public static torch.Device ParseDevice(string? choice)
    {
        if (string.IsNullOrWhiteSpace(choice) || choice == "auto") return DefaultDevice();
        if (choice == "cpu") return torch.CPU;
        if (choice.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new ArgumentException($"Device '{choice}' was requested but libtorch sees no CUDA device; use --device cpu, or build with -p:TorchBackend=cuda on a GPU machine.");
            return torch.device(choice);
        }
        throw new ArgumentException($"Unknown device '{choice}': use auto, cpu, cuda or cuda:N.");
    }
}
