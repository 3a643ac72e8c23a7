using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Threats;

/// <summary>The L-infinity ball: steps along the objective's sign, projection by clamping each pixel (exact).</summary>
public sealed class LinfThreat : ThreatModel
{
    public override string Norm => "linf";

    public override ObjectiveStep Step(AttackObjective objective, AttackContext context, Tensor images) => objective.Step(context, images);

    public override Tensor Project(PixelBounds bounds, Tensor x, Tensor clean, double epsilon) => bounds.Project(x, clean, epsilon);

    public override Tensor RandomStart(AttackContext context, double epsilon, Generator? random)
    {
        var clean = context.CleanImages;
        using var noise = rand(clean.shape, dtype: clean.dtype, generator: random).to(clean.device);
        return context.Target.Bounds.Project(clean + (noise * 2 - 1) * epsilon, clean, epsilon);
    }
}
