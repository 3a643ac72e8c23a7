using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Training;

/// <summary>
/// Scores any predictor on a split, batch by batch: metrics through the tasks' accumulators (merged exactly, never
/// averaged per batch) and per-sample losses summed then divided by the sample count.
/// </summary>
public static class SplitScorer
{
    /// <param name="predict">Predictions for a batch, keyed by task name; called under no_grad inside a dispose scope.</param>
    public static SplitScores Score(IMultiTaskDataset dataset, string split, IReadOnlyList<VisionTask> tasks, int batchSize,
        Func<MultiTaskBatch, IReadOnlyDictionary<string, Tensor>> predict, Device? device = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(predict);
        var loader = new MultiTaskLoader(dataset, split, batchSize, shuffle: false, augment: false, seed: 0);
        var accumulators = tasks.ToDictionary(t => t.Name, t => t.CreateAccumulator());
        var lossSums = tasks.ToDictionary(t => t.Name, _ => 0.0);
        int samples = 0;
        for (int b = 0; b < loader.BatchCount; b++)
        {
            cancellation.ThrowIfCancellationRequested();
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            using var loaded = loader.LoadBatch(0, b);
            var batch = device is null || device.type == DeviceType.CPU ? loaded : loaded.To(device);
            var predictions = predict(batch);
            foreach (var task in tasks)
            {
                if (!predictions.TryGetValue(task.Name, out var prediction))
                    throw new InvalidOperationException($"The predictor returned no output for task '{task.Name}'.");
                var target = batch.Targets[task.Name];
                var mask = batch.Masks[task.Name];
                accumulators[task.Name].Update(prediction, target, mask);
                lossSums[task.Name] += task.PerSampleLoss(prediction, target, mask).sum().to_type(ScalarType.Float64).cpu().item<double>();
            }
            samples += batch.Count;
        }
        return new SplitScores(
            accumulators.ToDictionary(kv => kv.Key, kv => kv.Value.Compute()),
            lossSums.ToDictionary(kv => kv.Key, kv => samples > 0 ? kv.Value / samples : double.NaN),
            samples);
    }
}
