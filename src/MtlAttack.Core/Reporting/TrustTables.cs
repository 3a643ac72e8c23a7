using MtlAttack.Core.Evaluation;
using static MtlAttack.Core.Reporting.ReportNumbers;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// The average-drop table, the noise baseline and the diagnostics as report.md and report.html both show them (one source
/// for both): the attack and noise rows of the average-drop table, the strength of every attack above noise, and the flags.
/// </summary>
public static class TrustTables
{
    /// <summary>
    /// The average-drop table's row for each attack (algorithm x objective), drops per epsilon; the strongest objective of
    /// its algorithm at an epsilon (<see cref="StrongestObjectives"/>, the headline's) is <see cref="TableCell.Strong"/>,
    /// as bold in report.md.
    /// </summary>
    public static IEnumerable<(string Attack, IReadOnlyList<TableCell> Drops)> AverageDropRows(RobustnessReport report, IReadOnlyList<double> epsilons)
    {
        var strongest = new HashSet<CellReport>(StrongestObjectives.Of(report), ReferenceEqualityComparer.Instance);
        return report.Cells.GroupBy(c => $"{c.Algorithm} x {c.Objective}").Select(group =>
        {
            var byEps = group.ToDictionary(c => c.Epsilon);
            return (group.Key, (IReadOnlyList<TableCell>)epsilons.Select(e =>
                byEps.TryGetValue(e, out var cell) ? new TableCell(Percent(cell.AvgRelativeDrop), strongest.Contains(cell)) : new TableCell("")).ToList());
        });
    }

    /// <summary>The average-drop table's row for each noise baseline: <c>noise (random)</c> per norm, drops per epsilon.</summary>
    public static IEnumerable<(string Attack, IReadOnlyList<TableCell> Drops)> NoiseRows(RobustnessReport report, IReadOnlyList<double> epsilons) =>
        report.NoiseCells.GroupBy(c => c.Algorithm).Select(group =>
        {
            var byEps = group.ToDictionary(c => c.Epsilon);
            return ($"{group.Key} (random, no objective)",
                (IReadOnlyList<TableCell>)epsilons.Select(e => new TableCell(byEps.TryGetValue(e, out var c) ? Percent(c.AvgRelativeDrop) : "")).ToList());
        });

    /// <summary>Every attack's average relative drop minus the noise baseline's, per epsilon, in percentage points.</summary>
    public static IEnumerable<(string Attack, IReadOnlyList<TableCell> AboveNoise)> AboveNoiseRows(RobustnessReport report, IReadOnlyList<double> epsilons) =>
        report.Cells.GroupBy(c => $"{c.Algorithm} x {c.Objective}").Select(group =>
        {
            var byEps = group.ToDictionary(c => c.Epsilon);
            return (group.Key, (IReadOnlyList<TableCell>)epsilons.Select(e =>
                new TableCell(byEps.TryGetValue(e, out var c) && c.Diagnostics?.AboveNoise is { } above ? Percent(above) : "")).ToList());
        });

    /// <summary>The report-wide flags, then one line per flagged cell naming the cell and its reasons.</summary>
    public static IReadOnlyList<string> FlagLines(RobustnessReport report)
    {
        var lines = (report.CleanFlags ?? []).Select(f => $"All cells: {f.Message}.").ToList();
        var clean = (report.CleanFlags ?? []).ToHashSet();
        foreach (var cell in report.Cells)
        {
            var own = cell.Diagnostics?.Flags.Where(f => !clean.Contains(f)).ToList() ?? [];
            if (own.Count > 0)
                lines.Add($"{cell.Algorithm} x {cell.Objective} @ eps {Value(cell.Epsilon)}: {string.Join("; ", own.Select(f => f.Message))}.");
        }
        return lines;
    }

    public const string AboveNoiseExplanation =
        "The average relative drop minus that of random noise of the same norm and epsilon, in percentage points: what the attack finds beyond chance.";

    public const string DiagnosticsExplanation =
        "Reasons not to trust a cell: a task's input gradient zero or not finite at the clean images, a zero or non-finite step direction, "
        + "an objective that never rose over the steps (for more than half the samples), or an average loss change not above random noise of the same budget. "
        + "Loss trajectories per step are in report.json.";

    public const string NoFlags = "No cell was flagged.";
}
