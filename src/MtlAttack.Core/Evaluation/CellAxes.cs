using System.Globalization;
using MtlAttack.Core.Attacks;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// The three axes of an evaluation's cells, each without repeats and in the order first given: algorithms by their
/// canonical name, objectives expanded (<c>single</c> to one per task) by theirs, epsilons by their key text. The cells
/// are every combination, so they can be counted before they are built.
/// </summary>
internal sealed record CellAxes(IReadOnlyList<string> Algorithms, IReadOnlyList<string> Objectives, IReadOnlyList<double> Epsilons)
{
    /// <summary>The axes of <paramref name="settings"/>; an algorithm that cannot run one of the objectives is refused here, before anything runs.</summary>
    public static CellAxes Of(AttackTarget target, EvaluationSettings settings)
    {
        var algorithms = settings.Algorithms.Select(AttackCatalog.Algorithm).DistinctBy(a => a.Name, StringComparer.Ordinal).ToList();
        var objectives = settings.Objectives.Distinct(StringComparer.Ordinal)
            .SelectMany(o => AttackCatalog.Objectives(o, target.Tasks)).DistinctBy(o => o.Name, StringComparer.Ordinal).ToList();
        foreach (var algorithm in algorithms)
            foreach (var objective in objectives)
                if (algorithm.Refusal(objective) is { } refusal)
                    throw new ArgumentException(refusal + " Drop the objective, or run it in an evaluation without " + algorithm.Name + ".");
        return new CellAxes(
            algorithms.Select(a => a.Name).ToList(),
            objectives.Select(o => o.Name).ToList(),
            settings.Epsilons.DistinctBy(e => e.ToString("R", CultureInfo.InvariantCulture)).ToList());
    }

    public long CellCount => (long)Algorithms.Count * Objectives.Count * Epsilons.Count;

    /// <summary>algorithm x objective x epsilon, in that nesting: the order a loop over the lists as given would first meet each cell.</summary>
    public IReadOnlyList<EvaluationCell> Cells() =>
        (from algorithm in Algorithms from objective in Objectives from epsilon in Epsilons select new EvaluationCell(algorithm, objective, epsilon)).ToList();
}
