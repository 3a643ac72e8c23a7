using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// Keypoints and edges as the reference scores them: <c>key_err</c> / <c>edge_err</c>, each batch's mean |p - t| over its
/// pixels whose label is not 255 (and, here, whose mask is set), averaged over batches weighted by batch size.
/// State: [batch-weighted error, samples].
/// </summary>
internal sealed class ReferenceAbsErrorAccumulator(ReferenceTask task) : ReferenceAccumulator(task, 2)
{
    protected override Tensor MetricStatistics(Tensor predictionAtLabels, Tensor labels, Tensor mask, long batchSize)
    {
        using var unlabelled = TaskNames.IgnoreLabel.ToScalar();
        var scored = ValidPixels.FromMask(mask).logical_and(labels.ne(unlabelled));
        var predicted = predictionAtLabels.to_type(ScalarType.Float64).masked_select(scored);
        var actual = labels.to_type(ScalarType.Float64).masked_select(scored);
        var error = MeanOrZero((predicted - actual).abs().sum().reshape(1), StatisticsVector.NumelOf(actual));
        return BatchWeighted(error, batchSize);
    }

    protected override void AddMetrics(Dictionary<string, double> metrics, ReadOnlySpan<double> state) =>
        metrics[Task.Name == TaskNames.Keypoints ? ReferenceMetricNames.KeypointError : ReferenceMetricNames.EdgeError] = BatchWeightedMean(state, 0);
}
