using System.Diagnostics;
using TorchSharp;

namespace MtlAttack.Benchmarks;

/// <summary>
/// The process's memory and TorchSharp's live tensors after <see cref="Iteration"/> iterations of an attack loop.
/// <see cref="ThreadLiveTensors"/> counts tensors created and not disposed on the sampling thread since the attack
/// began (DisposeScopeManager's statistics, less their value at the start); <see cref="ProcessLiveTensors"/> counts
/// every live tensor of the process, other threads' included.
/// </summary>
public sealed record MemorySample(int Iteration, long WorkingSetBytes, long PrivateBytes, long ThreadLiveTensors, long ProcessLiveTensors)
{
    /// <summary>
    /// Samples as the product runs, without forcing a garbage collection: a forced one would free tensors that only a
    /// finalizer releases, and hide exactly the leak this is meant to show.
    /// </summary>
    public static MemorySample Take(int iteration, long threadLiveAtStart)
    {
        using var process = Process.GetCurrentProcess();
        return new MemorySample(iteration, process.WorkingSet64, process.PrivateMemorySize64,
            ThreadLiveNow - threadLiveAtStart, torch.Tensor.TotalCount);
    }

    /// <summary>
    /// The sampling thread's running count of tensors made minus tensors disposed. Only differences of it mean
    /// anything: whatever ran on the thread before (a thread-pool thread, in a test host) may have disposed tensors
    /// other threads made, which leaves the count at any value, zero and below included.
    /// </summary>
    public static long ThreadLiveNow => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
}
