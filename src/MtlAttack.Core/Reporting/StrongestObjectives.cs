using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Reporting;

/// <summary>How often one objective was the strongest of its algorithm, over the epsilons above 0 that the algorithm ran at.</summary>
public sealed record ObjectiveWins(string Objective, int Won, int Epsilons);

/// <summary>
/// A report's headline: at every algorithm and epsilon, the objective whose cell has the largest average relative
/// drop. Cells whose drop is not finite never count; ties count for every objective tied.
/// </summary>
public static class StrongestObjectives
{
    /// <summary>The strongest cells, grouped by algorithm and epsilon in the report's order; each cell once.</summary>
    public static IReadOnlyList<CellReport> Of(RobustnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var seen = new HashSet<(string, double, string)>();
        var strongest = new List<CellReport>();
        foreach (var group in report.Cells.Where(c => double.IsFinite(c.AvgRelativeDrop)).GroupBy(c => (c.Algorithm, c.Epsilon)))
        {
            double best = group.Max(c => c.AvgRelativeDrop);
            foreach (var cell in group.Where(c => c.AvgRelativeDrop == best))
                if (seen.Add((cell.Algorithm, cell.Epsilon, cell.Objective))) strongest.Add(cell);
        }
        return strongest;
    }

    /// <summary>
    /// Per algorithm in the report's order, each objective that was the strongest at some epsilon above 0, with how many
    /// it won, most wins first (an objective that never won is left out; at epsilon 0 no attack moves the image).
    /// </summary>
    public static IReadOnlyList<(string Algorithm, IReadOnlyList<ObjectiveWins> Wins)> WinsPerAlgorithm(RobustnessReport report)
    {
        var strongest = Of(report).Where(c => c.Epsilon > 0).ToList();
        return report.Cells.Select(c => c.Algorithm).Distinct().Select(algorithm =>
        {
            int epsilons = report.Cells.Where(c => c.Algorithm == algorithm && c.Epsilon > 0).Select(c => c.Epsilon).Distinct().Count();
            IReadOnlyList<ObjectiveWins> wins = strongest.Where(c => c.Algorithm == algorithm).GroupBy(c => c.Objective)
                .OrderByDescending(g => g.Count()).Select(g => new ObjectiveWins(g.Key, g.Count(), epsilons)).ToList();
            return (algorithm, wins);
        }).ToList();
    }
}
