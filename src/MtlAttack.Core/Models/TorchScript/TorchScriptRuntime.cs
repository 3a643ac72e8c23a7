using System.Runtime.InteropServices;
using TorchSharp;

namespace MtlAttack.Core.Models.TorchScript;

/// <summary>
/// Makes TorchScript input gradients exact. Process-wide libtorch switches, none exposed by TorchSharp 0.107,
/// called through libtorch's exported C++ symbols:
/// <list type="bullet">
/// <item>oneDNN (mkldnn) and NNPACK off, for the whole process (<see cref="Native.TorchBackends"/>): with oneDNN,
/// on the project's CPU machine (libtorch 2.10, AMD EPYC), the input gradients of the fixture networks were wrong by
/// 57-75% of their largest entry with one intra-op thread and varied from call to call (sometimes NaN) with two;
/// without it they match PyTorch to 1e-5 at any thread count.</item>
/// <item>Graph-executor optimisation off: libtorch otherwise profiles a scripted graph's first calls and then rewrites
/// it into differentiable subgraphs with their own backward formulas, so the gradient would depend on how often the
/// module ran; off, the graph runs as plain operators under eager autograd.</item>
/// </list>
/// </summary>
internal static class TorchScriptRuntime
{
    private static readonly Lazy<bool> Configured = new(() =>
    {
        torch.InitializeDeviceType(DeviceType.CPU);
        SetGraphExecutorOptimize(false);
        Native.TorchBackends.EnsureConfigured();
        return true;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    public static void EnsureExactAutograd() => _ = Configured.Value;

    [DllImport("torch_cpu", EntryPoint = "_ZN5torch3jit24setGraphExecutorOptimizeEb")]
    private static extern void SetGraphExecutorOptimize([MarshalAs(UnmanagedType.U1)] bool optimize);
}
