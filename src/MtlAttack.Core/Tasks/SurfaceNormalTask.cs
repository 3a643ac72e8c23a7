using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// <c>normal</c>: surface normals [N,3,h,w] against unit (or any non-zero length) normals [N,3,H,W].
/// Loss: 1 - cos(prediction, target) per scored pixel, i.e. 1 minus the dot product of the L2-normalised vectors.
/// A pixel is scored where the mask is set and the target vector is not zero (a zero target, as NYUv2 stores
/// missing normals, has no direction to compare with).
/// Metrics: mean angle (headline), median angle, and the percentage of pixels within 11.25, 22.5 and 30 degrees.
/// </summary>
public sealed class SurfaceNormalTask : VisionTask
{
    private static readonly IReadOnlyList<MetricDefinition> MetricList =
    [
        new(MetricNames.AngleMean, MetricGoal.LowerIsBetter),
        new(MetricNames.AngleMedian, MetricGoal.LowerIsBetter),
        new(MetricNames.Within11_25, MetricGoal.HigherIsBetter),
        new(MetricNames.Within22_5, MetricGoal.HigherIsBetter),
        new(MetricNames.Within30, MetricGoal.HigherIsBetter),
    ];

    public override string Name => TaskNames.Normal;
    public override int OutputChannels => 3;
    public override int TargetChannels => 3;
    public override IReadOnlyList<MetricDefinition> Metrics => MetricList;

    public override PixelLosses LossPerPixel(Tensor prediction, Tensor target, Tensor mask)
    {
        var aligned = AlignedPrediction(prediction, target, mask);
        var reference = target.to_type(aligned.dtype);
        // normalize clamps the norm at eps, so a zero prediction gives cosine 0 (loss 1) and a finite gradient.
        var cosine = (nn.functional.normalize(aligned, 2, 1) * nn.functional.normalize(reference, 2, 1)).sum(1, keepdim: true);
        var weights = ScoredPixels(target, mask).to_type(aligned.dtype);
        // An explicit, disposed Scalar: TorchSharp leaves implicit ones to the finaliser (dotnet/TorchSharp#1434).
        using var one = 1.ToScalar();
        return new PixelLosses(one - cosine, weights, aligned, reference);
    }

    public override MetricAccumulator CreateAccumulator() => new SurfaceNormalAccumulator(this);

    /// <summary>[N,1,H,W] bool: mask set and target of non-zero length.</summary>
    internal static Tensor ScoredPixels(Tensor target, Tensor mask)
    {
        using var zero = 0.ToScalar();
        return ValidPixels.FromMask(mask).logical_and(target.ne(zero).any(1, keepdim: true));
    }
}
