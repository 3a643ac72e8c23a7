using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// <c>--restarts N</c> around any algorithm: runs it <see cref="Count"/> times and keeps, per sample, the adversarial
/// image with the highest objective value (<see cref="WorstIterate"/>). Run 1 is the algorithm as configured: from the
/// clean images unless the budget asks for a random start, with the attack's own generator, so one restart is exactly
/// the plain attack. Runs 2..N start at a uniform random point of the ball, each with its own generator seeded from the
/// attack's seed and its index (<see cref="RunSeeds"/>). An algorithm that takes no random start (fgsm, fgm) would
/// repeat itself, so it runs once. The name stays the inner algorithm's: restarts are a setting of the evaluation.
/// </summary>
public sealed class Restarts : AttackAlgorithm
{
    public Restarts(AttackAlgorithm inner, int count) : base(inner.Threat)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (count < 1) throw new ArgumentOutOfRangeException(nameof(count), count, "Restarts must be at least 1.");
        Inner = inner;
        Count = count;
    }

    public const int MaxCount = 100;

    public AttackAlgorithm Inner { get; }
    public int Count { get; }

    /// <summary>Runs actually taken: one for an algorithm that takes no random start.</summary>
    public int Runs => Inner.TakesRandomStart ? Count : 1;

    public override string Name => Inner.Name;

    public override double LargestStep(AttackBudget budget) => Inner.LargestStep(budget);

    public override int ObjectiveSteps(int steps) => Runs * Inner.ObjectiveSteps(steps);

    public override int Iterations(int steps) => Runs * Inner.Iterations(steps);

    public override double RunCost(int steps, int tasks, int objectiveBackward) => Runs * Inner.RunCost(steps, tasks, objectiveBackward);

    public override bool TakesRandomStart => Inner.TakesRandomStart;

    public override string? Refusal(AttackObjective objective) => Inner.Refusal(objective);

    /// <summary>
    /// <paramref name="algorithm"/> restarted <paramref name="count"/> times; an ensemble restarts each member, so that
    /// its per-task choice still sees every member's worst run. One restart is the algorithm itself.
    /// </summary>
    public static AttackAlgorithm Wrap(AttackAlgorithm algorithm, int count) => count == 1 ? algorithm : algorithm switch
    {
        Ensemble ensemble => new Ensemble(ensemble.Members.Select(m => Wrap(m, count)).ToList()),
        _ => new Restarts(algorithm, count),
    };

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null)
    {
        if (Runs == 1) return Inner.Perturb(context, objective, budget, random, cancellationToken, trace);
        var randomStart = new AttackBudget(budget.Epsilon, budget.Steps, budget.StepSize, randomStart: true);
        using var worst = new WorstIterate();
        for (int run = 0; run < Runs; run++)
        {
            using var scope = NewDisposeScope();
            using var generator = run == 0 ? null : RunSeeds.For(random, run);
            var images = Inner.Perturb(context, objective, run == 0 ? budget : randomStart, run == 0 ? random : generator, cancellationToken, trace);
            worst.Offer(context, objective, images);
        }
        return worst.Take();
    }
}
