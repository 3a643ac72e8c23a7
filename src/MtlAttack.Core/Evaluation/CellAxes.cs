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
    public static CellAxes Of(AttackTarget target, EvaluationSettings settings)
    {
        return new CellAxes(
            settings.Algorithms.Select(a => AttackCatalog.Algorithm(a).Name).Distinct(StringComparer.Ordinal).ToList(),
            settings.Objectives.Distinct(StringComparer.Ordinal)
                .SelectMany(o => AttackCatalog.Objectives(o, target.Tasks)).Select(o => o.Name).Distinct(StringComparer.Ordinal).ToList(),
            settings.Epsilons.DistinctBy(e => e.ToString("R", CultureInfo.InvariantCulture)).ToList());
    }

    public long CellCount => (long)Algorithms.Count * Objectives.Count * Epsilons.Count;

    /// <summary>algorithm x objective x epsilon, in that nesting: the order a loop over the lists as given would first meet each cell.</summary>
    public IReadOnlyList<EvaluationCell> Cells() =>
        (from algorithm in Algorithms from objective in Objectives from epsilon in Epsilons select new EvaluationCell(algorithm, objective, epsilon)).ToList();
}
