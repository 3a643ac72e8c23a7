using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Study;

/// <summary>
/// The cells and transfer matrices of a report that a study counts: those of its algorithms and epsilons, and of its
/// objectives (<c>single(TASK)</c> counting as <c>single</c>). Reports may carry more (a noise baseline, an
/// ensemble); the answers must not count what the study did not ask for. Also the statistics the answers need beyond
/// those cells: means of the finite values and Pearson's correlation.
/// </summary>
public static class StudyCells
{
    public static IEnumerable<CellReport> MultiTask(RobustnessReport report, StudySettings settings) =>
        report.Cells.Where(c => InSuite(c.Algorithm, c.Epsilon, settings) && settings.MultiTaskObjectives.Contains(c.Objective));

    public static IEnumerable<TransferMatrix> Transfer(RobustnessReport report, StudySettings settings) =>
        settings.Objectives.Contains("single") ? report.Transfer.Where(m => InSuite(m.Algorithm, m.Epsilon, settings)) : [];

    /// <summary>Mean of a matrix's diagonal (each attack's own task) and of its off-diagonal (the other tasks), finite values only.</summary>
    public static (double Own, double Others) Split(TransferMatrix matrix)
    {
        var own = new List<double>();
        var others = new List<double>();
        for (int r = 0; r < matrix.Tasks.Count; r++)
            for (int c = 0; c < matrix.Tasks.Count; c++)
                (r == c ? own : others).Add(matrix.RelativeDrop[r][c]);
        return (Mean(own), Mean(others));
    }

    public static ReportSummary Summarize(RobustnessReport report, StudySettings settings)
    {
        var matrices = Transfer(report, settings).Select(Split).ToList();
        var cells = MultiTask(report, settings).ToList();
        var objectives = settings.MultiTaskObjectives.ToDictionary(o => o, o =>
        {
            var mine = cells.Where(c => c.Objective == o).ToList();
            return new ObjectiveEffect(Mean(mine.Select(c => c.AvgRelativeDrop)), Mean(mine.Select(c => c.AvgRelativeLossChange)));
        });
        return new ReportSummary(Mean(matrices.Select(m => m.Own)), Mean(matrices.Select(m => m.Others)),
            Mean(cells.Select(c => c.AvgRelativeDrop)), objectives);
    }

    /// <summary>Mean of the finite values; NaN when there is none.</summary>
    public static double Mean(IEnumerable<double> values)
    {
        var finite = values.Where(double.IsFinite).ToList();
        return finite.Count == 0 ? double.NaN : finite.Average();
    }

    /// <summary>Pearson's correlation of the finite pairs; NaN with fewer than 3 pairs or no spread in either variable.</summary>
    public static double Correlation(IEnumerable<(double X, double Y)> pairs)
    {
        var points = pairs.Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).ToList();
        if (points.Count < 3) return double.NaN;
        double meanX = points.Average(p => p.X), meanY = points.Average(p => p.Y);
        double sxy = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        double sxx = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        double syy = points.Sum(p => (p.Y - meanY) * (p.Y - meanY));
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    private static bool InSuite(string algorithm, double epsilon, StudySettings settings) =>
        settings.Algorithms.Contains(algorithm) && settings.Epsilons.Contains(epsilon);
}
