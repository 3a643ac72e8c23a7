using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Reporting;

/// <summary>Cells as chart lines: one per algorithm x objective, in the report's order, a point per epsilon.</summary>
public static class CellSeries
{
    /// <param name="fraction">The value to plot, as a fraction; the line shows it in percent.</param>
    public static IReadOnlyList<EpsilonSeries> ByAttack(IEnumerable<CellReport> cells, Func<CellReport, double> fraction) =>
        cells.GroupBy(c => (c.Algorithm, c.Objective))
            .Select(g => new EpsilonSeries($"{g.Key.Algorithm} x {g.Key.Objective}", g.Key.Objective, g.Key.Algorithm,
                g.Select(c => (c.Epsilon, 100 * fraction(c))).ToList()))
            .ToList();
}
