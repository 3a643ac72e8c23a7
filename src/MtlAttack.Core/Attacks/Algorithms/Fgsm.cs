using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// <c>fgsm</c>: one step of size epsilon along the objective's sign. Under <see cref="ThreatModel.L2"/> it is
/// <c>fgm</c> (Goodfellow et al.'s fast gradient method): one step of size epsilon along the direction normalised to
/// unit L2 norm per image, clean + epsilon * c / ||c||_2, which lands on the sphere, then clamped to the pixel range.
/// </summary>
public sealed class Fgsm(ThreatModel threat, string name) : AttackAlgorithm(threat)
{
    /// <summary>As the catalog names it (<see cref="Catalog.AttackDefinitions"/>).</summary>
    public override string Name { get; } = name;

    /// <summary>One step of epsilon.</summary>
    public override double LargestStep(AttackBudget budget) => budget.Epsilon;

    public override int Iterations(int steps) => 1;

    /// <summary>It steps from the clean images: a random start would be ignored.</summary>
    public override bool TakesRandomStart => false;

    /// <summary>One pgd step of size epsilon from the clean images, whatever the budget's steps, step size and start.</summary>
    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null) =>
        new Pgd(Threat, Name).Perturb(context, objective, new AttackBudget(budget.Epsilon, 1, budget.Epsilon), random, cancellationToken, trace);
}
