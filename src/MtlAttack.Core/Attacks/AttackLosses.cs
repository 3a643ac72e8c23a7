using MtlAttack.Core.Tasks;
using MtlAttack.Core.Attacks.LossForms;
using MtlAttack.Core.Attacks.Targets;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks;

/// <summary>
/// What the attack differentiates per task, [T,N]: by default each task's own per-sample loss. A per-pixel form
/// (<c>[segpgd]</c>, <c>[cospgd]</c>) reshapes the loss of every task it applies to, except the <paramref name="exempt"/>
/// ones (a protected task keeps its own loss, so its budget holds on the loss the evaluation reports). A targeted task's
/// entry is the NEGATED loss to its goal (<c>+target(...)</c>): every objective maximises its entries, so it minimises
/// that distance, and DGBA's balance divides by the magnitude, so the task's relative decrease counts like another task's
/// relative increase. These losses steer the attack only; the evaluation measures with the tasks' own losses.
/// </summary>
public sealed class AttackLosses(PixelLossForm? form, IReadOnlyList<TargetGoal> targets, IReadOnlyCollection<string>? exempt = null,
    LossReduction reduction = LossReduction.PerSample)
{
    /// <summary>Every task's own loss: the attack as it was before forms and targets.</summary>
    public static readonly AttackLosses TaskOwn = new(null, []);

    /// <summary>
    /// Every task's own loss reduced as the reference study's single-task and total-loss attacks reduce it: each task's
    /// mean over all the batch's scored pixels (<see cref="LossReduction.BatchPooled"/>).
    /// </summary>
    public static readonly AttackLosses TaskOwnBatchPooled = new(null, [], reduction: LossReduction.BatchPooled);

    /// <summary>How each task's pixel losses become the [T,N] entries.</summary>
    public LossReduction Reduction { get; } = reduction;

    /// <summary>Identifies these losses among a context's views: the suffix, the exempt tasks and the reduction.</summary>
    internal string ViewKey => Suffix + "|" + string.Join(",", Exempt) + "|" + Reduction;

    public PixelLossForm? Form { get; } = form;
    public IReadOnlyList<TargetGoal> Targets { get; } = targets;

    /// <summary>Tasks the form leaves at their own loss.</summary>
    public IReadOnlyCollection<string> Exempt { get; } = exempt ?? [];

    /// <summary>Whether the losses change with the attack's step (SegPGD's weights do).</summary>
    public bool DependsOnStep => Form?.DependsOnStep ?? false;

    /// <summary>What follows the objective's name: <c>[cospgd]</c>, <c>+target(segment_semantic=class:3)</c>, both, or nothing.</summary>
    public string Suffix =>
        (Form is null ? "" : $"[{Form.Name}]") + (Targets.Count == 0 ? "" : $"+target({string.Join(",", Targets)})");

    /// <summary>The entries [T,N] for the model's <paramref name="outputs"/> on the context's batch, at its current step.</summary>
    public Tensor Compute(AttackContext context, IReadOnlyDictionary<string, Tensor> outputs)
    {
        var batch = context.Batch;
        var tasks = context.Target.Tasks;
        var losses = new Tensor[tasks.Count];
        using var scope = NewDisposeScope();
        for (int t = 0; t < losses.Length; t++)
        {
            var task = tasks[t];
            if (!outputs.TryGetValue(task.Name, out var prediction))
                throw new InvalidOperationException($"The model returned no output for task '{task.Name}'.");
            var mask = batch.Masks[task.Name];
            var goal = Targets.FirstOrDefault(g => g.Task == task.Name);
            using var reference = goal is null ? batch.Targets[task.Name].alias() : goal.Goal(task, batch.Targets[task.Name], mask);
            var loss = Form is not null && !Exempt.Contains(task.Name) && Form.Refusal(task.Name) is null
                ? task.ScaledPerSampleLoss(prediction, reference, mask, pixels => Form.Scale(task, pixels, goal is not null, context.Step, context.Steps))
                : Reduction == LossReduction.BatchPooled ? task.BatchPooledShares(prediction, reference, mask)
                : task.PerSampleLoss(prediction, reference, mask);
            losses[t] = goal is null ? loss : loss.neg();
        }
        return stack(losses).MoveToOuterDisposeScope();
    }

    public override string ToString() => Suffix;
}
