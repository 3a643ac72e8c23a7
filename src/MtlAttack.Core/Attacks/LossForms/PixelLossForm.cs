using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.LossForms;

/// <summary>
/// A per-pixel form of a task's loss for the attack to climb (SegPGD, CosPGD): each pixel's loss is multiplied by a
/// detached factor before the task's own weighted mean over the sample's scored pixels. Written after an objective as
/// <c>dgba[cospgd]</c>, it changes only what the attack differentiates; the evaluation still measures every task with its
/// own loss and metrics.
/// </summary>
public abstract class PixelLossForm
{
    /// <summary>The form's name inside the brackets, e.g. <c>segpgd</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Whether the factor changes with the attack's step (then the clean losses it is compared with do too).</summary>
    public virtual bool DependsOnStep => false;

    /// <summary>
    /// Why the form cannot reshape the task named <paramref name="task"/>, or null when it can. Names only: the catalog
    /// checks objective names before any model is loaded.
    /// </summary>
    public abstract string? Refusal(string task);

    /// <summary>
    /// Each pixel's factor, [N,1,H,W], detached. <paramref name="targeted"/>: the reference is a target the attack pulls the
    /// prediction towards (the loss to it is then minimised), not the ground truth it pushes away from.
    /// <paramref name="step"/> is 1-based among <paramref name="steps"/> objective evaluations (<see cref="AttackContext.Step"/>).
    /// </summary>
    public abstract Tensor Scale(VisionTask task, PixelLosses pixels, bool targeted, int step, int steps);

    public override string ToString() => Name;
}
