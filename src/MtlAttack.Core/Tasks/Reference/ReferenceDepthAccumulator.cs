using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// Depth as the reference scores it. A pixel is scored where the mask is set and, under NYUv2 (which has no depth mask in
/// the reference), where the depth exceeds 3e-5; under Taskonomy the mask alone decides. abs_err and rel_err: each batch's
/// pooled mean, averaged over batches weighted by batch size. sigma_1.25^k: the percentage of all scored pixels with
/// max(p/t, t/p) &lt;= 1.25^k; a negative prediction makes both ratios negative, so it passes every threshold (the
/// reference's quirk; ours counts it outside). Taskonomy reports abs_err alone.
/// State: [batch-weighted abs_err, samples, batch-weighted rel_err, samples, pixels, within 1.25, 1.25^2, 1.25^3].
/// </summary>
internal sealed class ReferenceDepthAccumulator(ReferenceTask task) : ReferenceAccumulator(task, 8)
{
    protected override Tensor MetricStatistics(Tensor predictionAtLabels, Tensor labels, Tensor mask, long batchSize)
    {
        // The mask already holds the NYUv2 depth threshold (ReferenceTask.ReferenceLabels).
        var scored = ValidPixels.FromMask(mask);
        bool nyu = Task.Convention == ReferenceConvention.NyuV2;
        var predicted = predictionAtLabels.to_type(ScalarType.Float64).masked_select(scored);
        var actual = labels.to_type(ScalarType.Float64).masked_select(scored);
        var count = StatisticsVector.NumelOf(actual);
        var absolute = (predicted - actual).abs();
        var absErr = BatchWeighted(MeanOrZero(absolute.sum().reshape(1), count), batchSize);
        if (!nyu) return StatisticsVector.Of(absErr, zeros(6, dtype: ScalarType.Float64, device: absErr.device));

        var relErr = BatchWeighted(MeanOrZero((absolute / actual).sum().reshape(1), count), batchSize);
        var ratio = maximum(predicted / actual, actual / predicted);
        return StatisticsVector.Of([absErr, relErr, count, .. DepthAccumulator.DeltaThresholds.Select(threshold => StatisticsVector.CountAtMost(ratio, threshold))]);
    }

    protected override void AddMetrics(Dictionary<string, double> metrics, ReadOnlySpan<double> state)
    {
        metrics[ReferenceMetricNames.AbsErr] = BatchWeightedMean(state, 0);
        if (Task.Convention != ReferenceConvention.NyuV2) return;
        double pixels = state[4];
        metrics[ReferenceMetricNames.RelErr] = BatchWeightedMean(state, 2);
        metrics[ReferenceMetricNames.Sigma1] = Percent(state[5], pixels);
        metrics[ReferenceMetricNames.Sigma2] = Percent(state[6], pixels);
        metrics[ReferenceMetricNames.Sigma3] = Percent(state[7], pixels);
    }
}
