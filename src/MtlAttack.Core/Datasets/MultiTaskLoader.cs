using System.Collections;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Datasets;

/// <summary>
/// Batches a split of a dataset as the model sees it: every sample brought to the dataset's size (train-time augmentation
/// or test-time resize), mean-subtracted, stacked into <see cref="MultiTaskBatch"/> on the CPU.
/// Deterministic: the order depends only on (seed, epoch), a sample's augmentation only on (seed, epoch, sample index),
/// so any batch can be rebuilt on its own (<see cref="LoadBatch"/>), e.g. by a shard resuming after a restart.
/// Enumerating the loader itself runs epoch 0, then 1, ... on each new enumeration, like a PyTorch DataLoader.
/// </summary>
public sealed class MultiTaskLoader : IEnumerable<MultiTaskBatch>
{
    private int _enumerations;

    public MultiTaskLoader(IMultiTaskDataset dataset, string split, int batchSize, bool shuffle, bool augment, int seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (!dataset.Splits.Contains(split))
            throw new ArgumentException(
                $"Dataset {dataset.Description} has no split '{split}'; its splits are {string.Join(", ", dataset.Splits.Select(s => $"'{s}'"))}.",
                nameof(split));
        if (batchSize <= 0)
            throw new ArgumentOutOfRangeException(nameof(batchSize), $"Batch size must be positive, got {batchSize}.");
        if (dataset.Normalization.Mean.Length != 3)
            throw new ArgumentException($"Dataset {dataset.Description} has {dataset.Normalization.Mean.Length} channel means; expected 3.", nameof(dataset));

        Dataset = dataset;
        Split = split;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Augment = augment;
        Seed = seed;
        SampleCount = dataset.Count(split);
    }

    public IMultiTaskDataset Dataset { get; }
    public string Split { get; }
    public int BatchSize { get; }
    public bool Shuffle { get; }
    public bool Augment { get; }
    public int Seed { get; }
    public int SampleCount { get; }

    /// <summary>Batches per epoch; the last one may be smaller.</summary>
    public int BatchCount => (SampleCount + BatchSize - 1) / BatchSize;

    /// <summary>Dataset indices in the order epoch <paramref name="epoch"/> visits them.</summary>
    public IReadOnlyList<int> Order(int epoch)
    {
        var order = Enumerable.Range(0, SampleCount).ToArray();
        if (!Shuffle) return order;
        var random = new Random(MultiTaskLoaderSeeds.Mix(Seed, epoch));
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    public IEnumerable<MultiTaskBatch> Batches(int epoch)
    {
        var order = Order(epoch);
        for (int b = 0; b < BatchCount; b++)
            yield return LoadBatch(epoch, b, order);
    }

    /// <summary>Builds batch <paramref name="batchIndex"/> of epoch <paramref name="epoch"/>; the caller disposes it.</summary>
    public MultiTaskBatch LoadBatch(int epoch, int batchIndex) => LoadBatch(epoch, batchIndex, Order(epoch));

    /// <summary>
    /// One sample as it goes into a batch (transformed, not yet mean-subtracted, still 0..255); the caller disposes it.
    /// </summary>
    public MultiTaskSample LoadSample(int epoch, int datasetIndex)
    {
        using var scope = NewDisposeScope();
        return Transform(Dataset.Load(Split, datasetIndex), epoch, datasetIndex).MoveToOuterDisposeScope();
    }

    public IEnumerator<MultiTaskBatch> GetEnumerator() =>
        Batches(Interlocked.Increment(ref _enumerations) - 1).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private MultiTaskBatch LoadBatch(int epoch, int batchIndex, IReadOnlyList<int> order)
    {
        if (batchIndex < 0 || batchIndex >= BatchCount)
            throw new ArgumentOutOfRangeException(nameof(batchIndex), $"Batch {batchIndex} does not exist; split '{Split}' has {BatchCount} batches of {BatchSize}.");

        // The batch tensors are allocated up front and filled sample by sample, so per-sample intermediates die with
        // their own scope and only the batch leaves this one.
        using var scope = NewDisposeScope();
        int start = batchIndex * BatchSize, count = Math.Min(BatchSize, SampleCount - start);
        int height = Dataset.Height, width = Dataset.Width;
        var mean = tensor(Dataset.Normalization.Mean.Select(m => (float)m).ToArray()).view(3, 1, 1);
        var images = empty(count, 3, height, width);
        var targets = Dataset.Tasks.ToDictionary(t => t.Name, t => empty(count, t.TargetChannels, height, width));
        var masks = Dataset.Tasks.ToDictionary(t => t.Name, _ => empty(count, 1, height, width));

        for (int i = 0; i < count; i++)
        {
            int index = order[start + i];
            using var sampleScope = NewDisposeScope();
            var sample = Transform(Dataset.Load(Split, index), epoch, index);
            images[i].copy_(sample.Image - mean);
            foreach (var task in Dataset.Tasks)
            {
                if (!sample.Targets.TryGetValue(task.Name, out var target))
                    throw new InvalidOperationException($"Dataset {Dataset.Description} sample {Split}[{index}] has no target for task '{task.Name}'.");
                RequireShape(target, task.TargetChannels, index, $"target for '{task.Name}'");
                targets[task.Name][i].copy_(target);
                if (sample.Masks.TryGetValue(task.Name, out var mask))
                {
                    RequireShape(mask, 1, index, $"mask for '{task.Name}'");
                    masks[task.Name][i].copy_(mask);
                }
                else masks[task.Name][i].fill_(1f);
            }
        }

        return new MultiTaskBatch(images, targets, masks).MoveToOuterDisposeScope();
    }

    private void RequireShape(Tensor tensor, long channels, int index, string what)
    {
        if (tensor.dim() != 3 || tensor.shape[0] != channels || tensor.shape[1] != Dataset.Height || tensor.shape[2] != Dataset.Width)
            throw new InvalidOperationException(
                $"Dataset {Dataset.Description} sample {Split}[{index}]: {what} has shape [{string.Join(",", tensor.shape)}] after resizing; " +
                $"expected [{channels},{Dataset.Height},{Dataset.Width}].");
    }

    private MultiTaskSample Transform(MultiTaskSample sample, int epoch, int datasetIndex)
    {
        if (sample.Image.dim() != 3 || sample.Image.shape[0] != 3)
            throw new InvalidOperationException(
                $"Dataset {Dataset.Description} sample {Split}[{datasetIndex}] has image shape [{string.Join(",", sample.Image.shape)}]; expected [3,H,W].");
        // A NaN pixel would silently poison every gradient an attack takes, so stop at the sample that has it.
        if (!sample.Image.isfinite().all().item<bool>())
            throw new InvalidOperationException($"Dataset {Dataset.Description} sample {Split}[{datasetIndex}] has NaN or infinite image pixels.");
        if (!Augment) return Augmentation.TestTransform(sample, Dataset.Height, Dataset.Width);
        var random = new Random(MultiTaskLoaderSeeds.Mix(Seed, epoch, datasetIndex));
        return Augmentation.RandomTrainTransform(sample, Dataset.Height, Dataset.Width, random);
    }
}
