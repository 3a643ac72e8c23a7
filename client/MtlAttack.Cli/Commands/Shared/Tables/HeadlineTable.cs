using System.Globalization;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Shared.Tables;

/// <summary>
/// The report's headline: the average relative drop (%) of every algorithm x objective at every epsilon, the
/// strongest objective per algorithm and epsilon starred.
/// </summary>
public static class HeadlineTable
{
    public static Table Build(RobustnessReport report)
    {
        var epsilons = report.Cells.Select(c => c.Epsilon).Distinct().Order().ToList();
        var table = new Table().Border(TableBorder.Simple).Title("average relative drop (%), * = strongest objective for the algorithm and epsilon");
        table.AddColumn("algorithm");
        table.AddColumn("objective");
        foreach (var epsilon in epsilons) table.AddColumn(new TableColumn($"eps {Number(epsilon)}").RightAligned());

        var strongest = StrongestObjectives.Of(report).Select(c => (c.Algorithm, c.Epsilon, c.Objective)).ToHashSet();
        foreach (var row in report.Cells.GroupBy(c => (c.Algorithm, c.Objective)))
        {
            var byEpsilon = row.ToDictionary(c => c.Epsilon);
            var values = epsilons.Select(e =>
            {
                if (!byEpsilon.TryGetValue(e, out var cell)) return "";
                string text = ReportNumbers.Percent(cell.AvgRelativeDrop);
                return strongest.Contains((cell.Algorithm, cell.Epsilon, cell.Objective)) ? $"[bold]{text}*[/]" : $"{text} ";
            });
            table.AddRow([Markup.Escape(row.Key.Algorithm), Markup.Escape(row.Key.Objective), .. values]);
        }
        return table;
    }

    /// <summary>Per algorithm, how often each objective was the strongest over the epsilons above 0 (ties count for all).</summary>
    public static string Verdict(RobustnessReport report)
    {
        var parts = StrongestObjectives.WinsPerAlgorithm(report).Select(algorithm =>
            $"{algorithm.Algorithm}: {string.Join(", ", algorithm.Wins.Select(w => $"{w.Objective} {w.Won}/{w.Epsilons}"))}");
        return $"Strongest objective (epsilons won): {string.Join("; ", parts)}";
    }

    private static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
