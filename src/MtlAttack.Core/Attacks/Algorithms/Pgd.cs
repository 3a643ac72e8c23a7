using MtlAttack.Core.Attacks.Objectives;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// <c>pgd</c> (I-FGSM): <see cref="AttackBudget.Steps"/> steps of size <see cref="AttackBudget.StepSize"/>
/// (epsilon / steps by default) along the objective's sign, optionally from a random start; the last iterate is returned.
/// </summary>
public sealed class Pgd : AttackAlgorithm
{
    public override string Name => "pgd";

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clean = context.CleanImages;
        var x = budget.RandomStart ? RandomStart(context, budget.Epsilon, random) : clean.detach().clone();
        using var stepSize = budget.StepSize.ToScalar();
        for (int i = 0; i < budget.Steps; i++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                x.Dispose();
                cancellationToken.ThrowIfCancellationRequested();
            }
            using var scope = NewDisposeScope();
            var step = objective.Step(context, x);
            var next = context.Target.Bounds.Project(x + step.Sign.mul(stepSize), clean, budget.Epsilon).detach().MoveToOuterDisposeScope();
            x.Dispose();
            x = next;
        }
        return x;
    }
}
