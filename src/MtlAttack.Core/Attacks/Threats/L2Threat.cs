using MtlAttack.Core.Attacks.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Threats;

/// <summary>
/// The L2 ball, per image in pixel units: the norm is taken over all C*H*W values of one image, so epsilon is in the
/// same 0..255 units as the L-infinity budget (eps_255 = eps_01 * 255 for the /255 convention of torchattacks, ART
/// and RobustBench). Steps go along the objective's direction normalised to unit L2 norm per image (the normalised
/// sign for objectives that only yield a sign). After every step the point is projected onto the L2 ball and then
/// clamped into the pixel range. That is the usual approximation (torchattacks, ART, AutoAttack) of the projection onto
/// the intersection of the two sets; its result is still in both, because clamping towards a box that holds the clean
/// image never lengthens any pixel's offset.
/// </summary>
public sealed class L2Threat() : ThreatModel("l2", "L2", "the L2 diameter of the image, 255 * sqrt(C*H*W), holds every image")
{
    /// <summary>Norms below this count as zero: a zero direction stays zero instead of becoming NaN.</summary>
    public const double MinimumNorm = 1e-12;

    /// <summary>
    /// The L2 diameter of the pixel cube, 255 * sqrt(C*H*W): the distance between an all-0 and an all-255 image, so a
    /// ball of that radius holds every image. Unbounded while the image size is not known.
    /// </summary>
    public override double MaxEpsilon(long? valuesPerImage = null) =>
        valuesPerImage is { } n ? 255 * Math.Sqrt(n) : double.PositiveInfinity;

    public override ObjectiveStep Step(AttackObjective objective, AttackContext context, Tensor images)
    {
        var ascent = objective.Ascent(context, images);
        return new ObjectiveStep(Normalize(ascent.Direction), ascent.Value);
    }

    /// <summary>
    /// The exact Euclidean projection onto {x : ||x - clean||_2 &lt;= epsilon} per image: a point outside moves along
    /// the ray from <paramref name="clean"/> onto the sphere, a point inside stays.
    /// </summary>
    public override Tensor ProjectOntoBall(Tensor x, Tensor clean, double epsilon)
    {
        using var scope = NewDisposeScope();
        var delta = x - clean;
        using var floor = MinimumNorm.ToScalar();
        using var radius = epsilon.ToScalar();
        using var one = 1.0.ToScalar();
        var factor = Norms(delta).clamp_min(floor).reciprocal().mul(radius).clamp_max(one);
        return (clean + delta * factor).MoveToOuterDisposeScope();
    }

    /// <summary>A Gaussian vector normalised per image: uniform on the unit sphere.</summary>
    public override Tensor RandomDirection(Tensor clean, Generator? random)
    {
        using var gaussian = randn(clean.shape, dtype: ScalarType.Float64, generator: random);
        using var unit = Normalize(gaussian);
        return unit.to(clean.dtype).to(clean.device);
    }

    /// <summary>
    /// A Gaussian direction normalised per image, radius epsilon * u^(1/d) with u uniform and d = C*H*W (in high
    /// dimension that is almost always near the sphere, as uniform in the ball means). Drawn on the CPU, so a seed
    /// repeats it on any device.
    /// </summary>
    public override Tensor UniformSample(Tensor clean, double epsilon, Generator? random)
    {
        using var scope = NewDisposeScope();
        long n = clean.shape[0];
        double d = clean.numel() / (double)n;
        var gaussian = randn(clean.shape, dtype: ScalarType.Float64, generator: random);
        var uniform = rand([n], dtype: ScalarType.Float64, generator: random);
        var shape = SampleShape.Of(n, clean);
        var radius = uniform.pow(1.0 / d).mul(epsilon).reshape(shape);
        var offset = (Normalize(gaussian) * radius).to(clean.dtype).to(clean.device);
        return (clean + offset).MoveToOuterDisposeScope();
    }

    /// <summary>Each image's <paramref name="direction"/> scaled to unit L2 norm (zero where it is zero).</summary>
    public static Tensor Normalize(Tensor direction)
    {
        using var norms = Norms(direction);
        using var floor = MinimumNorm.ToScalar();
        using var clamped = norms.clamp_min(floor);
        return direction / clamped;
    }

    /// <summary>Each image's L2 norm, shaped [N,1,...,1] to broadcast against the images.</summary>
    private static Tensor Norms(Tensor x)
    {
        var shape = SampleShape.Of(x.shape[0], x);
        return x.flatten(1).square().sum(1).sqrt().reshape(shape);
    }
}
