using MtlAttack.Core.Attacks.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary><c>fgsm</c>: one step of size epsilon along the objective's sign.</summary>
public sealed class Fgsm : AttackAlgorithm
{
    public override string Name => "fgsm";

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = NewDisposeScope();
        var clean = context.CleanImages;
        var step = objective.Step(context, clean);
        using var epsilon = budget.Epsilon.ToScalar();
        return context.Target.Bounds.Project(clean + step.Sign.mul(epsilon), clean, budget.Epsilon).detach().MoveToOuterDisposeScope();
    }
}
