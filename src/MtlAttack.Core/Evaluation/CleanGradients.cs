using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using static TorchSharp.torch;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// The clean-point half of the gradient diagnostics: per task, how many samples' input gradient of that task's loss
/// is zero everywhere or has a non-finite value. An attack cannot move a task whose gradient is zero (a detached head,
/// a saturated loss, gradient masking), so a report that shows the task as robust would mislead. One backward pass
/// per task through one forward, once per batch with the clean baseline. When no task's loss depends on the images
/// at all, every sample of every task counts as zero.
/// </summary>
public static class CleanGradients
{
    /// <summary>(zero, non-finite) sample counts per task, in the target's task order.</summary>
    public static IReadOnlyList<(long Zero, long NonFinite)> Count(AttackTarget target, MultiTaskBatch batch)
    {
        using var scope = NewDisposeScope();
        using var context = new AttackContext(target, batch);
        LossGraph graph;
        try
        {
            graph = context.LossesWithGraph(batch.Images);
        }
        catch (InvalidOperationException)
        {
            return target.Tasks.Select(_ => ((long)batch.Count, 0L)).ToList();
        }
        using (graph)
        {
            var counts = new List<(long, long)>();
            int tasks = target.Tasks.Count;
            for (int t = 0; t < tasks; t++)
            {
                // Through the stacked losses, as the objectives differentiate: a task detached from the images then
                // gets a zero gradient, where differentiating its own loss alone would abort TorchSharp.
                var gradient = autograd.grad([graph.Losses[t].sum()], [graph.Input], retain_graph: t < tasks - 1)[0].flatten(1);
                long zero = gradient.eq(0).all(1).sum().item<long>();
                long nonFinite = gradient.isfinite().all(1).logical_not().sum().item<long>();
                counts.Add((zero, nonFinite));
            }
            return counts;
        }
    }
}
