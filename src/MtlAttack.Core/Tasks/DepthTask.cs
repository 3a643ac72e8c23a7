using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// <c>depth_zbuffer</c>: depth [N,1,h,w] against depth [N,1,H,W].
/// A pixel is scored where the mask is set and the target depth is positive: a depth of 0 (or less) is how
/// sensors and the NYUv2/Taskonomy files mark a missing measurement, and the relative error divides by it.
/// Loss: masked L1. Metrics: absolute error (headline), relative error |p - t| / t, and the fractions of pixels
/// with max(p/t, t/p) below 1.25, 1.25^2 and 1.25^3.
/// </summary>
public sealed class DepthTask : VisionTask
{
    private static readonly IReadOnlyList<MetricDefinition> MetricList =
    [
        new(MetricNames.AbsErr, MetricGoal.LowerIsBetter),
        new(MetricNames.RelErr, MetricGoal.LowerIsBetter),
        new(MetricNames.Delta1, MetricGoal.HigherIsBetter),
        new(MetricNames.Delta2, MetricGoal.HigherIsBetter),
        new(MetricNames.Delta3, MetricGoal.HigherIsBetter),
    ];

    public override string Name => TaskNames.Depth;
    public override int OutputChannels => 1;
    public override int TargetChannels => 1;
    public override IReadOnlyList<MetricDefinition> Metrics => MetricList;

    public override PixelLosses LossPerPixel(Tensor prediction, Tensor target, Tensor mask)
    {
        var aligned = AlignedPrediction(prediction, target, mask);
        var reference = target.to_type(aligned.dtype);
        var weights = ScoredPixels(target, mask).to_type(aligned.dtype);
        return new PixelLosses((aligned - reference).abs(), weights, aligned, reference);
    }

    public override MetricAccumulator CreateAccumulator() => new DepthAccumulator(this);

    /// <summary>[N,1,H,W] bool: mask set and target depth positive.</summary>
    internal static Tensor ScoredPixels(Tensor target, Tensor mask)
    {
        using var zero = 0.ToScalar();
        return ValidPixels.FromMask(mask).logical_and(target.gt(zero));
    }
}
