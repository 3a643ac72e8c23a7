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
public sealed class Fgsm(ThreatModel threat) : AttackAlgorithm(threat)
{
    public Fgsm() : this(ThreatModel.Linf) { }

    public override string Name => Threat is L2Threat ? "fgm" : "fgsm";

    /// <summary>One step of epsilon.</summary>
    public override double LargestStep(AttackBudget budget) => budget.Epsilon;

    public override int Iterations(int steps) => 1;

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = NewDisposeScope();
        var clean = context.CleanImages;
        var step = Threat.Step(objective, context, clean);
        using var epsilon = budget.Epsilon.ToScalar();
        return Project(context, clean + step.Sign.mul(epsilon), budget.Epsilon).detach().MoveToOuterDisposeScope();
    }
}
