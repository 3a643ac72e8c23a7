using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// NYUv2 normals as the reference scores them: angles arccos(cos) pooled over pixels; mean, median and the percentages of
/// pixels within 11.25, 22.5 and 30 degrees counted with &lt;= (ours: &lt;). The median comes from the 0.01-degree
/// histogram our metrics use (<see cref="AngleHistogram"/>: within 0.005 degrees of the reference's exact np.median), so that
/// batches merge. State: [pixels, angle sum in quanta, within 11.25, 22.5, 30, histogram].
/// </summary>
internal sealed class ReferenceNormalAngleAccumulator(ReferenceTask task) : ReferenceAccumulator(task, 5 + AngleHistogram.BinCount)
{
    private const int HistogramStart = 5;

    protected override Tensor MetricStatistics(Tensor predictionAtLabels, Tensor labels, Tensor mask, long batchSize)
    {
        using var degreesPerRadian = (180.0 / Math.PI).ToScalar();
        var angles = ReferenceNormalCosines.Of(predictionAtLabels, labels, mask).acos().mul(degreesPerRadian);
        return StatisticsVector.Of(
            StatisticsVector.NumelOf(angles),
            FixedPointSum.InQuanta(angles, FixedPointSum.AngleQuantum),
            StatisticsVector.CountAtMost(angles, 11.25),
            StatisticsVector.CountAtMost(angles, 22.5),
            StatisticsVector.CountAtMost(angles, 30),
            AngleHistogram.Count(angles));
    }

    protected override void AddMetrics(Dictionary<string, double> metrics, ReadOnlySpan<double> state)
    {
        double pixels = state[0];
        metrics[ReferenceMetricNames.AngleMean] = pixels > 0 ? state[1] * FixedPointSum.AngleQuantum / pixels : double.NaN;
        metrics[ReferenceMetricNames.AngleMedian] = AngleHistogram.Median(state[HistogramStart..]);
        metrics[ReferenceMetricNames.Angle11] = Percent(state[2], pixels);
        metrics[ReferenceMetricNames.Angle22] = Percent(state[3], pixels);
        metrics[ReferenceMetricNames.Angle30] = Percent(state[4], pixels);
    }
}
