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

    public override Tensor RandomStart(AttackContext context, double epsilon, Generator? random)
    {
        var clean = context.CleanImages;
        using var start = L2Ball.UniformSample(clean, epsilon, random);
        return Project(context.Target.Bounds, start, clean, epsilon);
    }
}
