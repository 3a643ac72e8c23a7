using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Training;

/// <summary>
/// Keeps the samples a dataset returns in memory, up to a byte budget, so that epochs after the first do not read or
/// render them again (rendering a synthetic scene costs about as much as a third of its training step on a CPU).
/// Samples are pure functions of (split, index), so caching changes no result. Samples past the budget are read
/// every time. Stored tensors belong to the cache (outside every dispose scope) until it is disposed; callers
/// get copies, which they dispose as they would the dataset's own.
/// </summary>
public sealed class CachedDataset(IMultiTaskDataset inner, long budgetBytes) : IMultiTaskDataset, IDisposable
{
    private readonly Dictionary<(string Split, int Index), MultiTaskSample> samples = [];
    private readonly object gate = new();
    private long usedBytes;

    public IMultiTaskDataset Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));
    public long BudgetBytes { get; } = budgetBytes >= 0 ? budgetBytes : throw new ArgumentOutOfRangeException(nameof(budgetBytes), budgetBytes, "The cache budget must be >= 0 bytes.");
    public long UsedBytes { get { lock (gate) return usedBytes; } }
    public int CachedCount { get { lock (gate) return samples.Count; } }

    public string Description => Inner.Description;
    public IReadOnlyList<VisionTask> Tasks => Inner.Tasks;
    public ImageNormalization Normalization => Inner.Normalization;
    public int Height => Inner.Height;
    public int Width => Inner.Width;
    public IReadOnlyList<string> Splits => Inner.Splits;
    public int Count(string split) => Inner.Count(split);
    public IReadOnlyDictionary<string, string> TargetConventions => Inner.TargetConventions;

    public MultiTaskSample Load(string split, int index)
    {
        lock (gate)
        {
            if (samples.TryGetValue((split, index), out var cached)) return cached.Map(t => t.clone());
        }
        var sample = Inner.Load(split, index);
        long bytes = Bytes(sample);
        lock (gate)
        {
            if (usedBytes + bytes <= BudgetBytes && !samples.ContainsKey((split, index)))
            {
                samples[(split, index)] = sample.Map(t => t.clone().DetachFromDisposeScope());
                usedBytes += bytes;
            }
        }
        return sample;
    }

    public void Dispose()
    {
        lock (gate)
        {
            foreach (var sample in samples.Values) sample.Dispose();
            samples.Clear();
            usedBytes = 0;
        }
    }

    private static long Bytes(MultiTaskSample sample) =>
        Bytes(sample.Image) + sample.Targets.Values.Sum(Bytes) + sample.Masks.Values.Sum(Bytes);

    private static long Bytes(Tensor tensor) => tensor.NumberOfElements * tensor.ElementSize;
}
