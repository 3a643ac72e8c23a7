using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// Taskonomy segmentation as the reference scores it: <c>err</c>, each batch's class-weighted cross-entropy pooled over
/// its pixels (the prediction nearest-upsampled to the labels, every pixel scored, unlabelled pixels as class 0), averaged
/// over batches weighted by batch size. State: [batch-weighted error, samples].
/// </summary>
internal sealed class ReferenceSegmentationErrorAccumulator(ReferenceTask task) : ReferenceAccumulator(task, 2)
{
    protected override Tensor MetricStatistics(Tensor predictionAtLabels, Tensor labels, Tensor mask, long batchSize)
    {
        var pixels = Task.LossAtLabels(predictionAtLabels, labels, mask);
        return BatchWeighted(PerSampleMean.PooledShares(pixels.Values, pixels.Weights).mean(), batchSize);
    }

    protected override void AddMetrics(Dictionary<string, double> metrics, ReadOnlySpan<double> state) =>
        metrics[ReferenceMetricNames.SegmentationError] = BatchWeightedMean(state, 0);
}
