using System.Runtime.InteropServices;
using TorchSharp;

namespace MtlAttack.Core.Models.TorchScript;

/// <summary>
/// Runs TorchScript graphs as plain operator sequences under eager autograd. libtorch's graph executor otherwise
/// profiles a graph's first calls and then rewrites it (differentiable subgraphs with their own backward formulas),
/// so the input gradient an attack follows would depend on how often the module ran and could differ from PyTorch's
/// eager autograd. Attacks need the exact gradient, the same at every call, so optimisation is off for the process.
/// TorchSharp does not expose the switch; it is libtorch's exported <c>torch::jit::setGraphExecutorOptimize</c>.
/// </summary>
internal static class TorchScriptRuntime
{
    private static readonly Lazy<bool> Configured = new(() =>
    {
        torch.InitializeDeviceType(DeviceType.CPU);
        SetGraphExecutorOptimize(false);
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureExactAutograd() => _ = Configured.Value;

    [DllImport("torch_cpu", EntryPoint = "_ZN5torch3jit24setGraphExecutorOptimizeEb")]
    private static extern void SetGraphExecutorOptimize([MarshalAs(UnmanagedType.U1)] bool optimize);
}
