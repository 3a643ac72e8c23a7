using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Objectives;

/// <summary><c>single(t)</c>: the gradient of one task's loss; the classic single-task attack on a multi-task model.</summary>
public sealed class SingleTaskObjective(string task) : GradientObjective, ITaskWeightedObjective
{
    public string Task { get; } = task;
    public override string Name => $"single({Task})";

    protected override Tensor Surrogate(AttackContext context, Tensor taskLosses) => taskLosses[context.Target.TaskIndex(Task)];

    public override Tensor Value(AttackContext context, Tensor taskLosses) => taskLosses[context.Target.TaskIndex(Task)];

    public IReadOnlyList<int> WeightedTasks(AttackContext context) => [context.Target.TaskIndex(Task)];

    public Tensor TaskWeights(AttackContext context, Tensor losses) => ones(1, losses.shape[1], dtype: losses.dtype, device: losses.device);
}
