namespace MtlAttack.Core.Reporting;

/// <summary>
/// For a comparison: average relative drop against epsilon, one chart per algorithm, one line per evaluation x
/// objective. Colour follows the objective and the marker shape the evaluation, as the single report's chart does
/// with algorithms.
/// </summary>
public static class ComparisonDropChart
{
    public const string Kind = "compare-avg-drop";

    public static IReadOnlyList<Chart> Draw(IReadOnlyList<ComparedEvaluation> evaluations)
    {
        var algorithms = evaluations.SelectMany(e => e.Cells.Select(c => c.Algorithm)).Distinct().ToList();
        return algorithms.Select((algorithm, i) =>
        {
            var series = evaluations
                .SelectMany(e => e.Cells.Where(c => c.Algorithm == algorithm).GroupBy(c => c.Objective)
                    .Select(g => new EpsilonSeries($"{Label(e)} x {g.Key}", g.Key, e.Id, g.Select(c => (c.Epsilon, 100 * c.AvgRelativeDrop)).ToList())))
                .ToList();
            string title = $"{algorithm}: average relative drop vs epsilon";
            var plot = EpsilonLineChart.Build(title, "average relative drop (%)", series);
            return new Chart(Kind, title, ChartSvg.Render(plot, ChartSvg.Width, ChartSvg.Height, $"{Kind}{i}"));
        }).ToList();
    }

    private static string Label(ComparedEvaluation evaluation) =>
        string.IsNullOrEmpty(evaluation.Model) ? evaluation.Id : $"{evaluation.Id} ({evaluation.Model})";
}
