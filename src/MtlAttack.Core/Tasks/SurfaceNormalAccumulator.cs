using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// Angular-error statistics of <c>normal</c>. State: [pixels, sum of angles in quanta of
/// <see cref="FixedPointSum.AngleQuantum"/> degrees, pixels under 11.25, under 22.5, under 30 degrees,
/// then the <see cref="AngleHistogram"/> bins]. Every entry is an integer count, so merging is exact.
/// </summary>
public sealed class SurfaceNormalAccumulator : MetricAccumulator
{
    // Update writes the statistics in this order.
    private const int PixelsIndex = 0, AngleSumIndex = 1, Within11Index = 2, Within22Index = 3, Within30Index = 4, HistogramStart = 5;

    private readonly SurfaceNormalTask _task;

    internal SurfaceNormalAccumulator(SurfaceNormalTask task) : base(HistogramStart + AngleHistogram.BinCount) => _task = task;

    public override void Update(Tensor prediction, Tensor target, Tensor mask)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var aligned = _task.ScoredPrediction(prediction, target, mask);
        var angles = AnglesDegrees(aligned, target).masked_select(SurfaceNormalTask.ScoredPixels(target, mask));

        // Strict "<" as the NYUv2 reference evaluation counts them (np.mean(angle < 11.25)).
        AddStatistics(StatisticsVector.Of(
            StatisticsVector.NumelOf(angles),
            FixedPointSum.InQuanta(angles, FixedPointSum.AngleQuantum),
            StatisticsVector.CountBelow(angles, 11.25),
            StatisticsVector.CountBelow(angles, 22.5),
            StatisticsVector.CountBelow(angles, 30),
            AngleHistogram.Count(angles)), _task.Name);
    }

    public override IReadOnlyDictionary<string, double> Compute()
    {
        double pixels = State[PixelsIndex];
        double Percent(int index) => pixels > 0 ? 100.0 * State[index] / pixels : double.NaN;
        return new Dictionary<string, double>
        {
            [MetricNames.AngleMean] = pixels > 0 ? State[AngleSumIndex] * FixedPointSum.AngleQuantum / pixels : double.NaN,
            [MetricNames.AngleMedian] = AngleHistogram.Median(State.AsSpan(HistogramStart)),
            [MetricNames.Within11_25] = Percent(Within11Index),
            [MetricNames.Within22_5] = Percent(Within22Index),
            [MetricNames.Within30] = Percent(Within30Index),
        };
    }

    /// <summary>
    /// Angle between prediction and target per pixel, [N,1,H,W] degrees, in float64 and as
    /// atan2(|p x t|, p . t), which unlike acos of a clamped cosine stays accurate near 0 and 180 degrees.
    /// A zero-length prediction has no direction; it scores 90 degrees, matching its loss (cosine 0).
    /// </summary>
    private static Tensor AnglesDegrees(Tensor prediction, Tensor target)
    {
        var p = prediction.to_type(ScalarType.Float64).unbind(1);
        var t = target.to_type(ScalarType.Float64).unbind(1);
        var cross0 = p[1] * t[2] - p[2] * t[1];
        var cross1 = p[2] * t[0] - p[0] * t[2];
        var cross2 = p[0] * t[1] - p[1] * t[0];
        var crossNorm = (cross0 * cross0 + cross1 * cross1 + cross2 * cross2).sqrt();
        var dot = p[0] * t[0] + p[1] * t[1] + p[2] * t[2];
        // Explicit, disposed Scalars: TorchSharp leaves implicit ones to the finaliser, which can race libtorch (dotnet/TorchSharp#1434).
        using var degreesPerRadian = (180.0 / Math.PI).ToScalar();
        using var zero = 0.ToScalar();
        using var rightAngle = 90.ToScalar();
        var degrees = atan2(crossNorm, dot).mul(degreesPerRadian);
        var predictionIsZero = p[0].eq(zero).logical_and(p[1].eq(zero)).logical_and(p[2].eq(zero));
        return degrees.masked_fill(predictionIsZero, rightAngle).unsqueeze(1);
    }
}
