using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Objectives;

/// <summary>
/// What an attack maximises. Given the current images x_k it gives the step's sign s in {-1, 0, 1}
/// (same shape as x) and the per-sample value of its scalar objective, which APGD uses to keep the best iterate.
/// </summary>
public abstract class AttackObjective
{
    /// <summary>Stable name used in reports and on the command line, e.g. <c>dgba</c>, <c>single(normal)</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Per-sample value to maximise, [N], from per-task losses at x and on the clean batch (both [T,N]).</summary>
    public abstract Tensor Value(AttackContext context, Tensor taskLosses);

    /// <summary>
    /// The per-sample value at <paramref name="images"/>, for callers outside the objective's own step (the best of
    /// several runs, the diagnostics' trace). <paramref name="contextLosses"/>, when given, are
    /// <c>context.TaskLosses(images)</c> already computed, saving the forward pass; an objective that climbs other losses
    /// than the context's (<see cref="ShapedObjective"/>) computes its own instead.
    /// </summary>
    public virtual Tensor ValueAt(AttackContext context, Tensor images, Tensor? contextLosses = null)
    {
        if (contextLosses is not null) return Value(context, contextLosses);
        using var losses = context.TaskLosses(images);
        return Value(context, losses);
    }

    /// <summary>The step at <paramref name="images"/>: its sign and the objective's value there (both detached).</summary>
    public abstract ObjectiveStep Step(AttackContext context, Tensor images);

    /// <summary>
    /// The ascent direction c at <paramref name="images"/>, unnormalised, and the objective's value there (both detached);
    /// the L2 attacks step along c / ||c||_2 per image. Objectives whose direction is a gradient give it; objectives
    /// that only yield a sign (signsum's vote, the constrained dgba family's sign programs) give that sign, so under
    /// L2 their step is the normalised sign, sign(c) / sqrt(nonzero count).
    /// </summary>
    public virtual ObjectiveAscent Ascent(AttackContext context, Tensor images)
    {
        var step = Step(context, images);
        return new ObjectiveAscent(step.Sign, step.Value);
    }

    public override string ToString() => Name;

    /// <summary>
    /// The input gradients of the scalars that <paramref name="scalars"/> makes from the per-task losses [T,N] at
    /// <paramref name="images"/> (which carry the graph): one forward pass and one backward pass per scalar; returned with
    /// the losses, detached.
    /// </summary>
    public static (Tensor[] Gradients, Tensor Losses) Gradients(AttackContext context, Tensor images, Func<Tensor, IReadOnlyList<Tensor>> scalars)
    {
        using var graph = context.LossesWithGraph(images);
        var outputs = scalars(graph.Losses);
        var gradients = new Tensor[outputs.Count];
        for (int i = 0; i < gradients.Length; i++)
            gradients[i] = autograd.grad([outputs[i]], [graph.Input], retain_graph: i < gradients.Length - 1)[0];
        return (gradients, graph.Losses.detach());
    }

    /// <summary>
    /// Each task's input gradient (of its per-sample losses summed over the batch), one backward pass per task.
    /// <paramref name="tasks"/>, when given, are the task indices wanted (in that order); every task otherwise.
    /// </summary>
    public static (Tensor[] Gradients, Tensor Losses) TaskGradients(AttackContext context, Tensor images, IReadOnlyList<int>? tasks = null) =>
        Gradients(context, images, losses => (tasks ?? Enumerable.Range(0, (int)losses.shape[0]).ToList()).Select(t => losses[t].sum()).ToList());
}

/// <summary>
/// The sign of an attack step and the objective's per-sample value where it was taken. A threat model's step
/// (<see cref="Threats.ThreatModel.Step"/>) reuses it for its unit direction: the sign under L-infinity, the direction
/// normalised to unit L2 norm per image under L2.
/// </summary>
public sealed record ObjectiveStep(Tensor Sign, Tensor Value);

/// <summary>An objective's unnormalised ascent direction (same shape as the images) and its per-sample value where it was taken.</summary>
public sealed record ObjectiveAscent(Tensor Direction, Tensor Value);
