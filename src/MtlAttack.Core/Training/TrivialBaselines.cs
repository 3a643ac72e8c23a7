using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Training;

/// <summary>
/// The predictors a trained model must beat, each one constant over every pixel of every image, fitted on a split
/// (the training split by default) and scored like a model: the majority class for segmentation, the mean depth,
/// the mean normal direction, and the mean value for any other regression task.
/// </summary>
public static class TrivialBaselines
{
    /// <summary>Fits the constants on <paramref name="fitSplit"/> and scores them on <paramref name="split"/>.</summary>
    public static TrivialBaselineResult Compute(IMultiTaskDataset dataset, string split, string fitSplit = "train", int batchSize = 50,
        IReadOnlyList<VisionTask>? tasks = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        tasks ??= dataset.Tasks;
        var constants = Fit(dataset, fitSplit, tasks, batchSize);
        var scores = SplitScorer.Score(dataset, split, tasks, batchSize, batch => tasks.ToDictionary(t => t.Name, t => Predict(constants[t.Name], batch)));
        return new TrivialBaselineResult(constants, scores);
    }

    /// <summary>Each task's constant prediction (one value per output channel; one-hot for segmentation).</summary>
    public static IReadOnlyDictionary<string, float[]> Fit(IMultiTaskDataset dataset, string fitSplit, IReadOnlyList<VisionTask> tasks, int batchSize = 50)
    {
        var loader = new MultiTaskLoader(dataset, fitSplit, batchSize, shuffle: false, augment: false, seed: 0);
        var sums = tasks.ToDictionary(t => t.Name, t => new double[t is SemanticSegmentationTask s ? s.ClassCount : t.OutputChannels]);
        var counts = tasks.ToDictionary(t => t.Name, _ => 0.0);
        for (int b = 0; b < loader.BatchCount; b++)
        {
            using var scope = NewDisposeScope();
            using var batch = loader.LoadBatch(0, b);
            foreach (var task in tasks)
            {
                var (sum, count) = Statistics(task, batch.Targets[task.Name], batch.Masks[task.Name]);
                var values = sum.to_type(ScalarType.Float64).data<double>().ToArray();
                for (int c = 0; c < values.Length; c++) sums[task.Name][c] += values[c];
                counts[task.Name] += count.to_type(ScalarType.Float64).item<double>();
            }
        }
        return tasks.ToDictionary(t => t.Name, t => Constant(t, sums[t.Name], counts[t.Name], dataset, fitSplit));
    }

    /// <summary>Per-channel sums over the scored pixels (class counts for segmentation) and the number of scored pixels.</summary>
    private static (Tensor Sum, Tensor Count) Statistics(VisionTask task, Tensor target, Tensor mask)
    {
        switch (task)
        {
            case SemanticSegmentationTask segmentation:
                var labels = SegmentationLabels.Read(task.Name, segmentation.ClassCount, target, mask);
                var counts = labels.Indices.masked_select(labels.Valid).bincount(null, segmentation.ClassCount);
                return (counts, counts.sum());
            case SurfaceNormalTask:
                return Masked(nn.functional.normalize(target, 2, 1), SurfaceNormalTask.ScoredPixels(target, mask));
            case DepthTask:
                return Masked(target, DepthTask.ScoredPixels(target, mask));
            default:
                return Masked(target, ValidPixels.FromMask(mask));
        }
    }

    private static (Tensor Sum, Tensor Count) Masked(Tensor target, Tensor valid)
    {
        var weights = valid.to_type(ScalarType.Float64);
        return ((target.to_type(ScalarType.Float64) * weights).sum([0, 2, 3]), weights.sum());
    }

    private static float[] Constant(VisionTask task, double[] sums, double count, IMultiTaskDataset dataset, string fitSplit)
    {
        if (count == 0)
            throw new InvalidOperationException($"Split '{fitSplit}' of {dataset.Description} has no scored pixel for task '{task.Name}'; no baseline can be fitted.");
        if (task is SemanticSegmentationTask)
        {
            int majority = Array.IndexOf(sums, sums.Max());
            return sums.Select((_, c) => c == majority ? 1f : 0f).ToArray();
        }
        var mean = sums.Select(s => s / count).ToArray();
        if (task is SurfaceNormalTask)
        {
            double length = Math.Sqrt(mean.Sum(v => v * v));
            if (length > 0) mean = mean.Select(v => v / length).ToArray();
        }
        return mean.Select(v => (float)v).ToArray();
    }

    private static Tensor Predict(float[] constant, MultiTaskBatch batch) =>
        tensor(constant).view(1, -1, 1, 1).expand(batch.Count, constant.Length, batch.Images.shape[2], batch.Images.shape[3]).contiguous();
}

/// <summary>The trivial predictors' constants (per task, per output channel) and their scores on the evaluated split.</summary>
public sealed record TrivialBaselineResult(IReadOnlyDictionary<string, float[]> Constants, SplitScores Scores);
