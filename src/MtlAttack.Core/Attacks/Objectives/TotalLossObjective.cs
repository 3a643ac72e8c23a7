using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Objectives;

/// <summary><c>total</c>: the gradient of the summed task losses. Naive: the task with the largest loss scale dominates.</summary>
public sealed class TotalLossObjective : GradientObjective, ITaskWeightedObjective
{
    public override string Name => "total";

    protected override Tensor Surrogate(AttackContext context, Tensor taskLosses) => taskLosses.sum(dim: 0);

    public override Tensor Value(AttackContext context, Tensor taskLosses) => taskLosses.sum(dim: 0);

    public IReadOnlyList<int> WeightedTasks(AttackContext context) => Enumerable.Range(0, context.Target.Tasks.Count).ToList();

    public Tensor TaskWeights(AttackContext context, Tensor losses) => ones_like(losses);
}
