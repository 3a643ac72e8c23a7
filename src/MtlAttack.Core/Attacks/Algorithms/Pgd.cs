using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// <c>pgd</c> (I-FGSM): <see cref="AttackBudget.Steps"/> steps of size <see cref="AttackBudget.StepSize"/>
/// (epsilon / steps by default) along the objective's sign, optionally from a random start; the last iterate is returned.
/// Under <see cref="ThreatModel.L2"/> it is <c>pgd-l2</c> (Madry et al.'s L2 PGD): the same steps along the direction
/// normalised to unit L2 norm per image, projected onto the L2 ball and then the pixel range. Its default step is
/// epsilon / steps as for <c>pgd</c>, not the 2.5 epsilon / steps of Madry et al., so the two norms are compared at the
/// same schedule and a step given with --step applies to both.
/// </summary>
public sealed class Pgd(ThreatModel threat, string name) : AttackAlgorithm(threat)
{
    /// <summary>As the catalog names it (<see cref="Catalog.AttackDefinitions"/>).</summary>
    public override string Name { get; } = name;

    public override double LargestStep(AttackBudget budget) => budget.StepSize;

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null)
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
            var step = Evaluate(context, objective, budget, i + 1, x);
            trace?.Observe(context, objective, i, x, step.Sign);
            var next = Project(context, x + step.Sign.mul(stepSize), budget.Epsilon).detach().MoveToOuterDisposeScope();
            x.Dispose();
            x = next;
        }
        trace?.Observe(context, objective, budget.Steps, x, null);
        return x;
    }
}
