using TorchSharp;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Threats;

/// <summary>The L-infinity ball: steps along the objective's sign, projection by clamping each pixel (exact).</summary>
public sealed class LinfThreat() : ThreatModel("linf", "L-infinity", "a pixel can move at most 255 whatever the image size")
{
    /// <summary>A pixel can move at most 255 whatever the image size.</summary>
    public override double MaxEpsilon(long? valuesPerImage = null) => 255;

    public override ObjectiveStep Step(AttackObjective objective, AttackContext context, Tensor images) => objective.Step(context, images);

    /// <summary>
    /// Clamps each pixel to within epsilon of the clean one; clamping into the pixel range after that is the exact
    /// projection onto the intersection, the two being boxes.
    /// </summary>
    public override Tensor ProjectOntoBall(Tensor x, Tensor clean, double epsilon)
    {
        // An explicit, disposed Scalar: TorchSharp leaves implicit ones to the finaliser, which can race libtorch.
        using var radius = epsilon.ToScalar();
        return x.maximum(clean.sub(radius)).minimum(clean.add(radius));
    }

    /// <summary>+1 or -1 per value with equal probability.</summary>
    public override Tensor RandomDirection(Tensor clean, Generator? random)
    {
        using var uniform = rand(clean.shape, dtype: ScalarType.Float64, generator: random);
        using var half = 0.5.ToScalar();
        using var signs = uniform.lt(half).to_type(clean.dtype) * 2 - 1;
        return signs.to(clean.device);
    }

    public override Tensor UniformSample(Tensor clean, double epsilon, Generator? random)
    {
        using var noise = rand(clean.shape, dtype: clean.dtype, generator: random).to(clean.device);
        return clean + (noise * 2 - 1) * epsilon;
    }
}
