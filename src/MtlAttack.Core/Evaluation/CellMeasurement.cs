using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// A batch's statistics under some images: every task's metric state, loss sum and sample count. Given several
/// candidate image sets (an ensemble's members), each task takes, sample by sample, the prediction from the candidate
/// that gave that task's sample the highest loss (the first of equals). Loss, not the metric, picks because it is what
/// the attacks raise and it is defined per sample, while a dataset metric such as mIoU is not a sum of per-sample parts.
/// </summary>
public static class CellMeasurement
{
    public static CellStatistics Measure(AttackTarget target, MultiTaskBatch batch, IReadOnlyList<Tensor> candidates)
    {
        if (candidates.Count == 0) throw new ArgumentException("Measure at least one set of images.", nameof(candidates));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var outputs = candidates.Select(images => target.Forward(images)).ToList();
        var result = new CellStatistics();
        foreach (var task in target.Tasks)
        {
            var prediction = WorstPrediction(task, batch, outputs);
            var accumulator = task.CreateAccumulator();
            accumulator.Update(prediction, batch.Targets[task.Name], batch.Masks[task.Name]);
            var losses = task.PerSampleLoss(prediction, batch.Targets[task.Name], batch.Masks[task.Name]);
            result.Tasks[task.Name] = new TaskStatistics
            {
                MetricState = (double[])accumulator.State.Clone(),
                LossSum = losses.sum().to_type(ScalarType.Float64).item<double>(),
                Samples = batch.Count,
            };
        }
        return result;
    }

    private static Tensor WorstPrediction(VisionTask task, MultiTaskBatch batch, IReadOnlyList<IReadOnlyDictionary<string, Tensor>> outputs)
    {
        var prediction = outputs[0][task.Name];
        if (outputs.Count == 1) return prediction;
        var target = batch.Targets[task.Name];
        var mask = batch.Masks[task.Name];
        var worst = stack(outputs.Select(o => task.PerSampleLoss(o[task.Name], target, mask)).ToArray()).argmax(0);
        var shape = SampleShape.Of(worst.shape[0], prediction);
        for (int m = 1; m < outputs.Count; m++)
            prediction = where(worst.eq(m).reshape(shape), outputs[m][task.Name], prediction);
        return prediction;
    }
}
