using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Targets;

/// <summary>
/// Where a targeted attack pulls one task: a goal map built from the batch's ground truth by a documented rule (every
/// pixel to one class, labels shifted, depth scaled or shifted, normals rotated). The attack minimises the task's own loss
/// against the goal (cross-entropy to the goal labels, L1 to the goal depth, 1 - cosine to the goal normals) while the
/// objective attacks the other tasks. Pixels the task does not score keep the task's "not scored" value, so the goal
/// covers exactly the pixels the ground truth does.
/// </summary>
public abstract class TargetGoal(string task)
{
    /// <summary>The task the goal is for, e.g. <c>segment_semantic</c>.</summary>
    public string Task { get; } = task;

    /// <summary>The goal as written after <c>TASK=</c>, canonical, e.g. <c>class:3</c> or <c>rotate:z:30</c>.</summary>
    public abstract string Text { get; }

    /// <summary>
    /// The goal map in the layout of the task's targets ([N,TargetChannels,H,W], the target's dtype), from the batch's
    /// <paramref name="target"/> and <paramref name="mask"/>. Throws an <see cref="ArgumentException"/> when the goal does
    /// not fit <paramref name="visionTask"/> (a class the model does not have).
    /// </summary>
    public abstract Tensor Goal(VisionTask visionTask, Tensor target, Tensor mask);

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> saying what to write when the goal does not fit the model's
    /// <paramref name="visionTask"/> (a class it does not have), so an evaluation is refused before it starts.
    /// </summary>
    public virtual void Check(VisionTask visionTask) { }

    /// <summary>
    /// [N,1,H,W] bool: whether each pixel's prediction has reached the goal (<paramref name="pixels"/> of the task's loss to
    /// the goal map, whose reference is the goal): the goal class, a depth within a factor 1.25 of the goal (depth's
    /// delta &lt; 1.25), a normal within 11.25 degrees of the goal (the normals' tightest "within" metric).
    /// </summary>
    public abstract Tensor Reached(PixelLosses pixels);

    public override string ToString() => $"{Task}={Text}";
}
