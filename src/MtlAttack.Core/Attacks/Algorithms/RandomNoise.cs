using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// <c>noise</c>: the random-noise baseline every report carries at each epsilon, no attack at all: the clean images
/// plus epsilon along <see cref="ThreatModel.RandomDirection"/> (each value moved by +epsilon or -epsilon at random
/// under L-infinity; <c>noise-l2</c>: a uniformly random direction of L2 norm epsilon per image), then clipped into the
/// pixel range. It uses no gradient and ignores the objective, so an attack that does no better than it at the same
/// budget has found nothing (the report flags it).
/// </summary>
public sealed class RandomNoise(ThreatModel threat) : AttackAlgorithm(threat)
{
    public const string LinfName = "noise";
    public const string L2Name = "noise-l2";

    public override string Name => Threat is L2Threat ? L2Name : LinfName;

    public override double LargestStep(AttackBudget budget) => budget.Epsilon;

    /// <summary>No gradient: one draw.</summary>
    public override int ObjectiveSteps(int steps) => 0;

    public override int Iterations(int steps) => 1;

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var scope = NewDisposeScope();
        var clean = context.CleanImages;
        using var epsilon = budget.Epsilon.ToScalar();
        var direction = Threat.RandomDirection(clean, random);
        return Project(context, clean + direction.mul(epsilon), budget.Epsilon).detach().MoveToOuterDisposeScope();
    }
}
