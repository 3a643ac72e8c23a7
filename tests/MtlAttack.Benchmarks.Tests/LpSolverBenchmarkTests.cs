using MtlAttack.Benchmarks;

namespace MtlAttack.Benchmarks.Tests;

/// <summary>
/// <c>bench --solver</c> runs end to end at small sizes: two lines per size and row count (the whole-LP dual simplex and
/// GLOP, each against sifting), and the three solvers reach the same optimum on real constrained programs. Times and ratios are the report's to show, never asserted here.
/// </summary>
public class LpSolverBenchmarkTests
{
    [Fact]
    public void ThreeExactSolversAreTimedOnOneAndThreeRowProgramsAndAgree()
    {
        var options = new BenchmarkOptions { Repeats = 2, Warmup = 0, Device = "cpu" };

        var report = LpSolverBenchmark.Run(options, sizes: [16, 24]);

        Assert.Equal(
            [
                "lp-simplex-vs-sifting-16-1row", "lp-glop-vs-sifting-16-1row", "lp-simplex-vs-sifting-16-3row", "lp-glop-vs-sifting-16-3row",
                "lp-simplex-vs-sifting-24-1row", "lp-glop-vs-sifting-24-1row", "lp-simplex-vs-sifting-24-3row", "lp-glop-vs-sifting-24-3row",
            ],
            report.Ratios.Select(r => r.Id));
        foreach (var ratio in report.Ratios)
        {
            Assert.Contains("the optima agree", ratio.Note);
            Assert.Equal(2, ratio.Numerator.Samples.Count);
            Assert.True(double.IsFinite(ratio.Ratio) && ratio.Ratio > 0, $"{ratio.Id}: {ratio.Ratio}");
        }
        Assert.Contains($"{3 * 16 * 16} columns", report.Ratios[0].Note);
        Assert.Equal([16, 24], report.Setup.SolveSizes);
    }
}
