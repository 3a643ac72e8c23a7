using TorchSharp;

namespace MtlAttack.Core.Native;

/// <summary>
/// Torch's intra-op thread count for a stretch of work. On a machine whose cores are busy with other processes,
/// libtorch's worker threads spin waiting for each other and a run can take several times as long; one thread is
/// steadier there.
/// </summary>
public static class TorchThreads
{
    /// <summary>
    /// Sets torch's intra-op threads to <paramref name="threads"/> until the returned scope is disposed, which puts
    /// back the count there was; null leaves torch's own choice and changes nothing. The count is process-wide, but
    /// libtorch (OpenMP) gives it only to threads that have not yet run torch work; set it before starting any.
    /// </summary>
    public static IDisposable Use(int? threads)
    {
        if (threads is not int count) return Scope.None;
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(threads), threads, "Torch threads must be at least 1.");
        int previous = torch.get_num_threads();
        torch.set_num_threads(count);
        return new Scope(previous);
    }

    private sealed class Scope(int? previous) : IDisposable
    {
        public static readonly Scope None = new(null);

        private int? previous = previous;

        public void Dispose()
        {
            if (previous is int count) torch.set_num_threads(count);
            previous = null;
        }
    }
}
