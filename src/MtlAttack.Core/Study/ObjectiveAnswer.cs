using static MtlAttack.Core.Study.TransferAnswer;

namespace MtlAttack.Core.Study;

/// <summary>Where DGBA did not win: cells of one algorithm and epsilon (over all models) it lost by each measure.</summary>
public sealed record DgbaShortfall(string Algorithm, double Epsilon, int Cells, int LostByDrop, int LostByLossChange);

/// <summary>
/// Question 2: can one attack hurt all tasks. A cell is one model x algorithm x epsilon; in each, the multi-task
/// objective with the highest average relative metric drop wins by drop, the one with the highest average relative
/// loss change wins by loss change (ties count for every tied objective). The margins are DGBA's value minus the best
/// other objective's, averaged over cells (fractions; negative = DGBA below the best other).
/// </summary>
public sealed record ObjectiveAnswer(
    int Cells,
    IReadOnlyDictionary<string, int> WinsByDrop,
    IReadOnlyDictionary<string, int> WinsByLossChange,
    IReadOnlyList<DgbaShortfall> Shortfalls,
    double DgbaDropMargin,
    double DgbaLossChangeMargin)
{
    public const string Dgba = "dgba";

    public static ObjectiveAnswer Compute(IReadOnlyList<StudyModelReport> models, StudySettings settings)
    {
        var objectives = settings.MultiTaskObjectives;
        var byDrop = objectives.ToDictionary(o => o, _ => 0);
        var byLoss = objectives.ToDictionary(o => o, _ => 0);
        var shortfalls = new Dictionary<(string, double), (int Cells, int Drop, int Loss)>();
        var dropMargins = new List<double>();
        var lossMargins = new List<double>();
        int count = 0;
        foreach (var model in models)
            foreach (var cell in StudyCells.MultiTask(model.Report, settings).GroupBy(c => (c.Algorithm, c.Epsilon)))
            {
                var cells = cell.ToList();
                count++;
                var dropWinners = Winners(cells, c => c.AvgRelativeDrop);
                var lossWinners = Winners(cells, c => c.AvgRelativeLossChange);
                foreach (var o in dropWinners) byDrop[o]++;
                foreach (var o in lossWinners) byLoss[o]++;
                if (cells.FirstOrDefault(c => c.Objective == Dgba) is not { } dgba || cells.Count < 2) continue;
                var others = cells.Where(c => c.Objective != Dgba).ToList();
                dropMargins.Add(dgba.AvgRelativeDrop - others.Max(c => c.AvgRelativeDrop));
                lossMargins.Add(dgba.AvgRelativeLossChange - others.Max(c => c.AvgRelativeLossChange));
                var s = shortfalls.GetValueOrDefault(cell.Key);
                shortfalls[cell.Key] = (s.Cells + 1, s.Drop + (dropWinners.Contains(Dgba) ? 0 : 1), s.Loss + (lossWinners.Contains(Dgba) ? 0 : 1));
            }
        return new ObjectiveAnswer(count, byDrop, byLoss,
            shortfalls.Select(kv => new DgbaShortfall(kv.Key.Item1, kv.Key.Item2, kv.Value.Cells, kv.Value.Drop, kv.Value.Loss))
                .OrderBy(s => settings.Algorithms.ToList().IndexOf(s.Algorithm)).ThenBy(s => s.Epsilon).ToList(),
            StudyCells.Mean(dropMargins), StudyCells.Mean(lossMargins));
    }

    private static List<string> Winners(List<Evaluation.CellReport> cells, Func<Evaluation.CellReport, double> measure)
    {
        var finite = cells.Where(c => double.IsFinite(measure(c))).ToList();
        if (finite.Count == 0) return [];
        double best = finite.Max(measure);
        return finite.Where(c => measure(c) == best).Select(c => c.Objective).ToList();
    }

    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string>
        {
            $"Over {Cells} cells (model x algorithm x epsilon), the objective with the highest average relative metric drop: {Wins(WinsByDrop)}; " +
            $"with the highest average relative loss change: {Wins(WinsByLossChange)} (ties count for each tied objective).",
        };
        if (!WinsByDrop.ContainsKey(Dgba))
        {
            lines.Add("The study did not attack with dgba, so it says nothing about DGBA.");
            return lines;
        }
        var lostByDrop = Shortfalls.Where(s => s.LostByDrop > 0).ToList();
        var lostByLoss = Shortfalls.Where(s => s.LostByLossChange > 0).ToList();
        lines.Add(lostByDrop.Count == 0
            ? "By metric drop DGBA wins every cell."
            : $"By metric drop DGBA does not win {lostByDrop.Sum(s => s.LostByDrop)} of {Cells} cells: {Where(lostByDrop, s => s.LostByDrop)}.");
        lines.Add(lostByLoss.Count == 0
            ? "By loss change DGBA wins every cell."
            : $"By loss change DGBA does not win {lostByLoss.Sum(s => s.LostByLossChange)} of {Cells} cells: {Where(lostByLoss, s => s.LostByLossChange)}.");
        lines.Add($"On average DGBA's metric drop is {Points(DgbaDropMargin)} and its loss change {Points(DgbaLossChangeMargin)} against the best other objective of the same cell.");
        return lines;
    }

    private static string Wins(IReadOnlyDictionary<string, int> wins) =>
        string.Join(", ", wins.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"));

    private static string Where(IEnumerable<DgbaShortfall> shortfalls, Func<DgbaShortfall, int> lost) =>
        string.Join(", ", shortfalls.Select(s => $"{s.Algorithm} eps {Reporting.ReportNumbers.Value(s.Epsilon)} ({lost(s)} of {s.Cells})"));

    private static string Points(double margin) =>
        !double.IsFinite(margin) ? "undefined"
        : $"{P(Math.Abs(margin))} points {(margin >= 0 ? "above" : "below")}";
}
