using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Objectives;

/// <summary>
/// An objective run on other per-task losses than the tasks' own: a per-pixel form (<c>dgba[cospgd]</c>), targeted goals
/// (<c>dgba+target(segment_semantic=class:3)</c>) or both. The inner objective is unchanged: it sees the batch through
/// <see cref="AttackContext.Under"/>, whose losses, clean losses and gradients are those of <see cref="Losses"/>, so every
/// objective (single, total, signsum, dgba, the constrained family) composes with every form and goal without a copy.
/// </summary>
public sealed class ShapedObjective(AttackObjective inner, AttackLosses losses) : AttackObjective
{
    public AttackObjective Inner { get; } = inner;
    public AttackLosses Losses { get; } = losses;

    /// <summary>The inner name, then the form in brackets, then the goals: <c>dgba[segpgd]+target(normal=rotate:z:30)</c>.</summary>
    public override string Name => Inner.Name + Losses.Suffix;

    public override Tensor Value(AttackContext context, Tensor taskLosses) => Inner.Value(context.Under(Losses), taskLosses);

    /// <summary>The value on this objective's losses: <paramref name="contextLosses"/> are the context's own, so they are recomputed.</summary>
    public override Tensor ValueAt(AttackContext context, Tensor images, Tensor? contextLosses = null) =>
        Inner.ValueAt(context.Under(Losses), images);

    public override ObjectiveStep Step(AttackContext context, Tensor images) => Inner.Step(context.Under(Losses), images);

    public override ObjectiveAscent Ascent(AttackContext context, Tensor images) => Inner.Ascent(context.Under(Losses), images);
}
