using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Threats;

/// <summary>
/// The L2 ball (per image, pixel units): steps along the objective's direction normalised to unit L2 norm per image
/// (the normalised sign for objectives that only yield a sign). After every step the point is projected onto the
/// L2 ball and then clamped into the pixel range. That is the usual approximation (torchattacks, ART, AutoAttack) of
/// the projection onto the intersection of the two sets; its result is still in both, because clamping towards a
/// box that holds the clean image never lengthens any pixel's offset.
/// </summary>
public sealed class L2Threat : ThreatModel
{
    public override string Norm => "l2";

    public override string Title => "L2";

    /// <summary>
    /// The L2 diameter of the pixel cube, 255 * sqrt(C*H*W): the distance between an all-0 and an all-255 image, so a
    /// ball of that radius holds every image. Unbounded while the image size is not known.
    /// </summary>
    public override double MaxEpsilon(long? valuesPerImage = null) =>
        valuesPerImage is { } n ? 255 * Math.Sqrt(n) : double.PositiveInfinity;

    protected override string BoundText => "the L2 diameter of the image, 255 * sqrt(C*H*W), holds every image";

    public override ObjectiveStep Step(AttackObjective objective, AttackContext context, Tensor images)
    {
        var ascent = objective.Ascent(context, images);
        return new ObjectiveStep(L2Ball.Normalize(ascent.Direction), ascent.Value);
    }

    public override Tensor Project(PixelBounds bounds, Tensor x, Tensor clean, double epsilon)
    {
        using var inBall = L2Ball.Project(x, clean, epsilon);
        return bounds.Clip(inBall);
    }

    /// <summary>A Gaussian vector normalised per image: uniform on the unit sphere.</summary>
    public override Tensor RandomDirection(Tensor clean, Generator? random)
    {
        using var gaussian = randn(clean.shape, dtype: ScalarType.Float64, generator: random);
        using var unit = L2Ball.Normalize(gaussian);
        return unit.to(clean.dtype).to(clean.device);
    }

    public override Tensor RandomStart(AttackContext context, double epsilon, Generator? random)
    {
        var clean = context.CleanImages;
        using var start = L2Ball.UniformSample(clean, epsilon, random);
        return Project(context.Target.Bounds, start, clean, epsilon);
    }
}
