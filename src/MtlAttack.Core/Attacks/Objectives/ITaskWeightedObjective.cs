using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Objectives;

/// <summary>
/// An objective whose direction is a weighted sum of per-task input gradients, c = sum_t w_t * grad L_t, with each
/// weight a per-sample value of the forward pass (held fixed, as a stop-gradient): <c>single(t)</c> (one task, weight 1),
/// <c>total</c> (every task, weight 1) and <c>dgba</c> (every task, weight 1 / |L_t|). Algorithms that weigh the tasks'
/// gradients themselves (Auto-SAGA's learned per-pixel weights) read the terms from here.
/// </summary>
public interface ITaskWeightedObjective
{
    /// <summary>The indices, in the target's task order, of the tasks whose gradients the direction sums.</summary>
    IReadOnlyList<int> WeightedTasks(AttackContext context);

    /// <summary>Their weights [k,N], in the order of <see cref="WeightedTasks"/>, from the detached per-task losses [T,N] at the point.</summary>
    Tensor TaskWeights(AttackContext context, Tensor losses);
}
