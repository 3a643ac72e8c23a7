using TorchSharp;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Threats;

/// <summary>The L-infinity ball: steps along the objective's sign, projection by clamping each pixel (exact).</summary>
public sealed class LinfThreat : ThreatModel
{
    public override string Norm => "linf";

    public override string Title => "L-infinity";

    /// <summary>A pixel can move at most 255 whatever the image size.</summary>
    public override double MaxEpsilon(long? valuesPerImage = null) => 255;

    protected override string BoundText => "a pixel can move at most 255 whatever the image size";

    public override ObjectiveStep Step(AttackObjective objective, AttackContext context, Tensor images) => objective.Step(context, images);

    public override Tensor Project(PixelBounds bounds, Tensor x, Tensor clean, double epsilon) => bounds.Project(x, clean, epsilon);

    /// <summary>+1 or -1 per value with equal probability.</summary>
    public override Tensor RandomDirection(Tensor clean, Generator? random)
    {
        using var uniform = rand(clean.shape, dtype: ScalarType.Float64, generator: random);
        using var half = 0.5.ToScalar();
        using var signs = uniform.lt(half).to_type(clean.dtype) * 2 - 1;
        return signs.to(clean.device);
    }

    public override Tensor RandomStart(AttackContext context, double epsilon, Generator? random)
    {
        var clean = context.CleanImages;
        using var noise = rand(clean.shape, dtype: clean.dtype, generator: random).to(clean.device);
        return context.Target.Bounds.Project(clean + (noise * 2 - 1) * epsilon, clean, epsilon);
    }
}
