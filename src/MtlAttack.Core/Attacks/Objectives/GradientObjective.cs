using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Objectives;

/// <summary>
/// Objectives whose direction is the input gradient of one scalar made from the per-task losses:
/// one forward and one backward pass per step, whatever the number of tasks.
/// </summary>
public abstract class GradientObjective : AttackObjective
{
    /// <summary>Per-sample scalar [N] whose input gradient is the direction c; built from losses that carry the graph.</summary>
    protected abstract Tensor Surrogate(AttackContext context, Tensor taskLosses);

    /// <summary>The direction c (same shape as the images) and the per-task losses at the images.</summary>
    public (Tensor Direction, Tensor Losses) Direction(AttackContext context, Tensor images)
    {
        var (gradients, losses) = Gradients(context, images, taskLosses => [Surrogate(context, taskLosses).sum()]);
        return (gradients[0], losses);
    }

    public override ObjectiveStep Step(AttackContext context, Tensor images)
    {
        var (direction, losses) = Direction(context, images);
        return new ObjectiveStep(direction.sign(), Value(context, losses));
    }

    /// <summary>The gradient itself, for the L2 attacks (the same forward and backward pass as <see cref="Step"/>).</summary>
    public override ObjectiveAscent Ascent(AttackContext context, Tensor images)
    {
        var (direction, losses) = Direction(context, images);
        return new ObjectiveAscent(direction, Value(context, losses));
    }
}
