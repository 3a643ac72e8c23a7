using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;

namespace MtlAttack.Core.Tests.Reporting;

/// <summary>The headline's choice: per algorithm and epsilon the objective with the largest finite drop, ties for all.</summary>
public class StrongestObjectivesTests
{
    // fgsm: dgba wins at eps 4, total and dgba tie at eps 8, both are 0 at eps 0. pgd: total's drop at eps 4 is NaN, so
    // dgba wins there whatever its size; total wins at eps 8. Groups come in the order of their first finite cell, so
    // pgd's eps 8 (total's first finite cell) before its eps 4.
    private static readonly RobustnessReport Report = Build(
        ("fgsm", "total", 0, 0), ("fgsm", "total", 4, 0.10), ("fgsm", "total", 8, 0.30),
        ("fgsm", "dgba", 0, 0), ("fgsm", "dgba", 4, 0.20), ("fgsm", "dgba", 8, 0.30),
        ("pgd", "total", 4, double.NaN), ("pgd", "total", 8, 0.50),
        ("pgd", "dgba", 4, 0.01), ("pgd", "dgba", 8, 0.40));

    [Fact]
    public void TheLargestFiniteDropOfEachAlgorithmAndEpsilonIsStrongestWithTiesForAll()
    {
        var strongest = StrongestObjectives.Of(Report).Select(c => $"{c.Algorithm} {c.Objective} {c.Epsilon}").ToList();
        Assert.Equal(["fgsm total 0", "fgsm dgba 0", "fgsm dgba 4", "fgsm total 8", "fgsm dgba 8", "pgd total 8", "pgd dgba 4"], strongest);
    }

    [Fact]
    public void WinsCountTheEpsilonsAboveZeroMostWinsFirst()
    {
        var wins = StrongestObjectives.WinsPerAlgorithm(Report)
            .Select(a => $"{a.Algorithm}: {string.Join(", ", a.Wins.Select(w => $"{w.Objective} {w.Won}/{w.Epsilons}"))}").ToList();
        Assert.Equal(["fgsm: dgba 2/2, total 1/2", "pgd: total 1/2, dgba 1/2"], wins);
    }

    [Fact]
    public void AnAlgorithmWhoseDropsAreAllNotFiniteWinsNothing()
    {
        var report = Build(("fgsm", "total", 4, double.NaN), ("fgsm", "dgba", 4, double.PositiveInfinity));
        Assert.Empty(StrongestObjectives.Of(report));
        var fgsm = Assert.Single(StrongestObjectives.WinsPerAlgorithm(report));
        Assert.Equal("fgsm", fgsm.Algorithm);
        Assert.Empty(fgsm.Wins);
    }

    [Fact]
    public void TheReportTablesBoldExactlyTheHeadlinesStrongestCells()
    {
        Assert.Equal(["fgsm x total: 0 8", "fgsm x dgba: 0 4 8", "pgd x total: 8", "pgd x dgba: 4"], StrongCells(Report, [0, 4, 8]));
        // An infinite drop is never the strongest, in the table as in the headline: the largest finite one is.
        Assert.Equal(["fgsm x total: 4", "fgsm x dgba: "],
            StrongCells(Build(("fgsm", "total", 4, 0.10), ("fgsm", "dgba", 4, double.PositiveInfinity)), [4]));
    }

    private static List<string> StrongCells(RobustnessReport report, double[] epsilons) =>
        TrustTables.AverageDropRows(report, epsilons)
            .Select(row => $"{row.Attack}: {string.Join(" ", epsilons.Where((_, i) => row.Drops[i].Strong))}").ToList();

    private static RobustnessReport Build(params (string Algorithm, string Objective, double Epsilon, double Drop)[] cells) =>
        new("m", "synthetic:seed=1", ["depth_zbuffer"], new Dictionary<string, TaskMeasurement>(),
            cells.Select(c => new CellReport(c.Algorithm, c.Objective, c.Epsilon, c.Drop, 0, new Dictionary<string, TaskEffect>())).ToList(), []);
}
