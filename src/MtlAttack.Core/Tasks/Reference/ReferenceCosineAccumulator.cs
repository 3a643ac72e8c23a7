using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// Taskonomy normals as the reference scores them: <c>cosine_similarity</c>, the mean clipped cosine over every scored pixel
/// of every batch. State: [pixels, cosine sum in quanta of <see cref="FixedPointSum.ErrorQuantum"/>].
/// </summary>
internal sealed class ReferenceCosineAccumulator(ReferenceTask task) : ReferenceAccumulator(task, 2)
{
    protected override Tensor MetricStatistics(Tensor predictionAtLabels, Tensor labels, Tensor mask, long batchSize)
    {
        var cosines = ReferenceNormalCosines.Of(predictionAtLabels, labels, mask);
        return StatisticsVector.Of(StatisticsVector.NumelOf(cosines), FixedPointSum.InQuanta(cosines, FixedPointSum.ErrorQuantum));
    }

    protected override void AddMetrics(Dictionary<string, double> metrics, ReadOnlySpan<double> state) =>
        metrics[ReferenceMetricNames.CosineSimilarity] = state[0] > 0 ? state[1] * FixedPointSum.ErrorQuantum / state[0] : double.NaN;
}
