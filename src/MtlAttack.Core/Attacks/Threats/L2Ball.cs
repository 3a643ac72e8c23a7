using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Threats;

/// <summary>
/// Per-image L2 geometry in pixel units: the norm is taken over all C*H*W values of one image, so epsilon is in the
/// same 0..255 units as the L-infinity budget (eps_255 = eps_01 * 255 for the /255 convention of torchattacks, ART
/// and RobustBench).
/// </summary>
public static class L2Ball
{
    /// <summary>Norms below this count as zero: a zero direction stays zero instead of becoming NaN.</summary>
    public const double MinimumNorm = 1e-12;

    /// <summary>Each image's L2 norm, shaped [N,1,...,1] to broadcast against the images.</summary>
    public static Tensor Norms(Tensor x)
    {
        var shape = new long[] { x.shape[0] }.Concat(Enumerable.Repeat(1L, (int)x.dim() - 1)).ToArray();
        return x.flatten(1).square().sum(1).sqrt().reshape(shape);
    }

    /// <summary>Each image's <paramref name="direction"/> scaled to unit L2 norm (zero where it is zero).</summary>
    public static Tensor Normalize(Tensor direction)
    {
        using var norms = Norms(direction);
        using var floor = MinimumNorm.ToScalar();
        using var clamped = norms.clamp_min(floor);
        return direction / clamped;
    }

    /// <summary>
    /// The exact Euclidean projection onto {x : ||x - clean||_2 &lt;= epsilon} per image: a point outside moves along
    /// the ray from <paramref name="clean"/> onto the sphere, a point inside stays.
    /// </summary>
    public static Tensor Project(Tensor x, Tensor clean, double epsilon)
    {
        using var scope = NewDisposeScope();
        var delta = x - clean;
        using var floor = MinimumNorm.ToScalar();
        using var radius = epsilon.ToScalar();
        using var one = 1.0.ToScalar();
        var factor = Norms(delta).clamp_min(floor).reciprocal().mul(radius).clamp_max(one);
        return (clean + delta * factor).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A point drawn uniformly from the ball of radius <paramref name="epsilon"/> around <paramref name="clean"/>:
    /// a Gaussian direction normalised per image, radius epsilon * u^(1/d) with u uniform and d = C*H*W (in high
    /// dimension that is almost always near the sphere, as uniform in the ball means). Drawn on the CPU from
    /// <paramref name="random"/>, never torch's global generator, so a seed repeats it on any device.
    /// </summary>
    public static Tensor UniformSample(Tensor clean, double epsilon, Generator? random)
    {
        using var scope = NewDisposeScope();
        long n = clean.shape[0];
        double d = clean.numel() / (double)n;
        var gaussian = randn(clean.shape, dtype: ScalarType.Float64, generator: random);
        var uniform = rand([n], dtype: ScalarType.Float64, generator: random);
        var shape = new long[] { n }.Concat(Enumerable.Repeat(1L, (int)clean.dim() - 1)).ToArray();
        var radius = uniform.pow(1.0 / d).mul(epsilon).reshape(shape);
        var offset = (Normalize(gaussian) * radius).to(clean.dtype).to(clean.device);
        return (clean + offset).MoveToOuterDisposeScope();
    }
}
