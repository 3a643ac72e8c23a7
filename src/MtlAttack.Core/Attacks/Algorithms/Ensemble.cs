using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// <c>ensemble(A,B,...)</c>: the worst case over several algorithms at the same budget and objective, AutoAttack style.
/// Each member attacks the batch with its own generator (<see cref="RunSeeds"/>, member i as run i). An evaluation
/// scores it per sample and per task: each task's metrics and loss are taken, sample by sample, from the member
/// whose images gave that task the highest loss (<see cref="PerturbEach"/>; the evaluator picks). As a single
/// attack (<see cref="Perturb"/>: adversarial examples, training) it returns per sample the member images with the
/// highest objective value. The members must share one norm: epsilon means one thing per cell.
/// </summary>
public sealed class Ensemble : AttackAlgorithm
{
    public Ensemble(IReadOnlyList<AttackAlgorithm> members) : base(CommonThreat(members))
    {
        Members = members;
    }

    public const string Prefix = "ensemble";

    /// <summary>How users write it, for help texts.</summary>
    public const string Syntax = "ensemble(A,B,...)";

    /// <summary>
    /// <c>ensemble(fgsm,pgd,apgd)</c> with each member named as <paramref name="member"/> accepts; null when
    /// <paramref name="name"/> is not an ensemble. Throws for an ensemble written wrongly.
    /// </summary>
    public static Ensemble? TryParse(string name, Func<string, AttackAlgorithm> member)
    {
        var text = name.Trim();
        if (!text.StartsWith(Prefix + "(", StringComparison.OrdinalIgnoreCase)) return null;
        if (!text.EndsWith(')'))
            throw new ArgumentException($"'{name}' is not an ensemble: write {Syntax}, e.g. ensemble(fgsm,pgd,apgd).");
        var members = text[(Prefix.Length + 1)..^1].Split(',', StringSplitOptions.TrimEntries);
        if (members.Any(m => m.Length == 0))
            throw new ArgumentException($"'{name}' names an empty algorithm: write {Syntax}, e.g. ensemble(fgsm,pgd,apgd).");
        return new Ensemble(members.Select(member).ToList());
    }

    public IReadOnlyList<AttackAlgorithm> Members { get; }

    public override string Name => $"{Prefix}({string.Join(",", Members.Select(m => m.Name))})";

    public override double LargestStep(AttackBudget budget) => Members.Max(m => m.LargestStep(budget));

    public override int ObjectiveSteps(int steps) => Members.Sum(m => m.ObjectiveSteps(steps));

    public override int Iterations(int steps) => Members.Sum(m => m.Iterations(steps));

    public override double RunCost(int steps, int tasks, int objectiveBackward) => Members.Sum(m => m.RunCost(steps, tasks, objectiveBackward));

    public override bool TakesRandomStart => Members.Any(m => m.TakesRandomStart);

    /// <summary>A member's refusal: every member runs the objective.</summary>
    public override string? Refusal(AttackObjective objective) => Members.Select(m => m.Refusal(objective)).FirstOrDefault(r => r is not null);

    /// <summary>Each member's adversarial images, in member order, in the caller's dispose scope.</summary>
    public IReadOnlyList<Tensor> PerturbEach(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null)
    {
        var images = new List<Tensor>();
        for (int m = 0; m < Members.Count; m++)
        {
            using var generator = RunSeeds.For(random, m);
            images.Add(Members[m].Perturb(context, objective, budget, generator, cancellationToken, trace));
        }
        return images;
    }

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null)
    {
        using var worst = new WorstIterate();
        using (var scope = NewDisposeScope())
            foreach (var images in PerturbEach(context, objective, budget, random, cancellationToken, trace))
                worst.Offer(context, objective, images);
        return worst.Take();
    }

    private static Threats.ThreatModel CommonThreat(IReadOnlyList<AttackAlgorithm> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2) throw new ArgumentException("An ensemble needs at least two algorithms, e.g. ensemble(fgsm,pgd,apgd).");
        if (members.Any(m => m is Ensemble)) throw new ArgumentException("An ensemble's members are algorithms, not ensembles: list them in one ensemble(...).");
        var norms = members.Select(m => m.Threat.Norm).Distinct().ToList();
        if (norms.Count > 1)
            throw new ArgumentException(
                $"The algorithms of an ensemble must share one norm (epsilon means one budget per cell): {string.Join(", ", members.Select(m => $"{m.Name} is {m.Threat.Title}"))}.");
        return members[0].Threat;
    }
}
