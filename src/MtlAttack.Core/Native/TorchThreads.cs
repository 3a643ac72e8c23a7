using TorchSharp;

namespace MtlAttack.Core.Native;

/// <summary>
/// Torch's intra-op thread count. Unless told otherwise, MtlAttack runs torch on <see cref="Default"/> = 1 thread:
/// <list type="bullet">
/// <item>It degrades gracefully on a shared machine. Training the CPU default model (small backbone, 64 px, 2 epochs
/// of 300 scenes, oneDNN off) took 7.0 s on one thread against 6.6 s on two on the idle 2-core machine, but 7.9 s
/// against 20.1 s with another process keeping a core busy (46.6 s with oneDNN on), because libtorch's workers spin
/// waiting for each other whenever one of them is descheduled.</item>
/// <item>It is reproducible, and right: with two threads libtorch 2.10's CPU convolution backward returned an input
/// gradient that differed from call to call on the same inputs, in one call of three off by a third of its
/// largest entry against a float64 reference, while one thread gives the same bits every time.</item>
/// </list>
/// More threads (<c>--threads N</c>, <c>MtlAttack:Silo:TorchThreads</c>) can pay off for large models on an idle
/// machine; results are then no longer bit-reproducible.
/// </summary>
public static class TorchThreads
{
    /// <summary>Intra-op threads when nothing is asked for.</summary>
    public const int Default = 1;

    /// <summary>
    /// Sets torch's intra-op threads to <paramref name="threads"/>, or <see cref="Default"/> when null, for the rest
    /// of the process. The count is process-wide, but libtorch (OpenMP) gives it only to threads that have not yet
    /// run torch work and to the calling one: call it before starting any.
    /// </summary>
    public static void Apply(int? threads)
    {
        int count = Check(threads);
        TorchBackends.EnsureConfigured();
        torch.set_num_threads(count);
    }

    /// <summary>
    /// Sets torch's intra-op threads to <paramref name="threads"/> (<see cref="Default"/> when null) until the
    /// returned scope is disposed, which puts back the count there was. Same caveat as <see cref="Apply"/>.
    /// </summary>
    public static IDisposable Use(int? threads)
    {
        int previous = torch.get_num_threads();
        Apply(threads);
        return new Scope(previous);
    }

    private static int Check(int? threads) =>
        threads is < 1 ? throw new ArgumentOutOfRangeException(nameof(threads), threads, "Torch threads must be at least 1.") : threads ?? Default;

    private sealed class Scope(int previous) : IDisposable
    {
        private int? previous = previous;

        public void Dispose()
        {
            if (previous is int count) torch.set_num_threads(count);
            previous = null;
        }
    }
}
