using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// The random-noise baseline cells of an evaluation: <see cref="RandomNoise"/> at every epsilon, once per norm the
/// evaluation's algorithms use (<c>noise</c> for L-infinity, <c>noise-l2</c> for L2), objective <c>none</c>. Every report
/// has them, so each attack's strength above noise of the same budget is visible.
/// </summary>
public static class NoiseBaseline
{
    public const string Objective = "none";

    public static IReadOnlyList<EvaluationCell> Cells(IReadOnlyList<string> algorithms, IReadOnlyList<double> epsilons) =>
        (from threat in Threats(algorithms)
         from epsilon in epsilons
         select new EvaluationCell(new RandomNoise(threat).Name, Objective, epsilon)).ToList();

    public static bool IsNoise(string algorithm) => algorithm is RandomNoise.LinfName or RandomNoise.L2Name;

    /// <summary>The noise algorithm of a baseline cell's name, or null for any other cell.</summary>
    public static RandomNoise? Algorithm(string algorithm) => algorithm switch
    {
        RandomNoise.LinfName => new RandomNoise(ThreatModel.Linf),
        RandomNoise.L2Name => new RandomNoise(ThreatModel.L2),
        _ => null,
    };

    /// <summary>The noise cell an attack cell is compared with: same norm, same epsilon.</summary>
    public static EvaluationCell For(EvaluationCell attack) =>
        new(new RandomNoise(Algorithm(attack.Algorithm)?.Threat ?? AttackCatalog.Algorithm(attack.Algorithm).Threat).Name, Objective, attack.Epsilon);

    /// <summary>The attack a noise cell runs: noise ignores the objective, but the attack needs one.</summary>
    public static Attack AttackFor(EvaluationCell cell, AttackBudget budget) =>
        new(Algorithm(cell.Algorithm) ?? throw new ArgumentException($"'{cell.Algorithm}' is not a noise baseline."), new TotalLossObjective(), budget);

    private static IEnumerable<ThreatModel> Threats(IReadOnlyList<string> algorithms)
    {
        var norms = algorithms.Select(a => AttackCatalog.Algorithm(a).Threat.Norm).ToHashSet();
        return new[] { ThreatModel.Linf, ThreatModel.L2 }.Where(t => norms.Contains(t.Norm));
    }
}
