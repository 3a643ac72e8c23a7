using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using TorchSharp;
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

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = NewDisposeScope();
        var clean = context.CleanImages;
        var step = Evaluate(context, objective, budget, 1, clean);
        trace?.Observe(context, objective, 0, clean, step.Sign);
        using var epsilon = budget.Epsilon.ToScalar();
        var adversarial = Project(context, clean + step.Sign.mul(epsilon), budget.Epsilon).detach();
        trace?.Observe(context, objective, 1, adversarial, null);
        return adversarial.MoveToOuterDisposeScope();
    }
}
