using Google.OrTools.LinearSolver;
using MtlAttack.Core.Attacks.Constrained;

namespace MtlAttack.Core.Tests.Attacks.Constrained;

/// <summary>Sifting's LP optimum against GLOP given every column at once, on programs large enough to sift.</summary>
public class LpRelaxationTests
{
    // Small samples and working sets force several sifting rounds even at a few thousand columns.
    private static readonly SiftingOptions Sifting = new() { InitialWorkingSet = 128, SampleColumns = 256 };
    private static readonly SiftingOptions SiftingWithGlop = Sifting with { UseGlopOnly = true };

    [Theory]
    [InlineData(ProgramKind.Protect, 2000, 1, false, 1)]
    [InlineData(ProgramKind.Protect, 3000, 3, false, 2)]
    [InlineData(ProgramKind.Protect, 4000, 4, true, 3)]
    [InlineData(ProgramKind.Floor, 3000, 3, false, 4)]
    [InlineData(ProgramKind.Floor, 2500, 4, true, 5)]
    [InlineData(ProgramKind.General, 5000, 2, false, 6)]
    public void SiftingReachesGlopsFullOptimum(ProgramKind kind, int n, int rows, bool withL0, int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 3; trial++)
        {
            var program = kind == ProgramKind.General
                ? RandomPrograms.Integer(random, kind, n, rows, withL0 ? n / 10 : null)
                : RandomPrograms.Real(random, kind, n, rows, withL0 ? n / 10 : null, tightness: 0.05 + 0.3 * random.NextDouble());
            var (s, value) = SignProgramSolver.SolveRelaxation(program, Sifting);
            double reference = FullGlop(program);
            var (_, glopInside) = SignProgramSolver.SolveRelaxation(program, SiftingWithGlop);

            double scale = program.Objective.Sum(Math.Abs);
            Assert.True(Math.Abs(value - reference) <= 1e-7 * scale, $"{kind} n={n} rows={rows}: sifting {value} vs GLOP {reference}");
            Assert.True(Math.Abs(glopInside - reference) <= 1e-7 * scale, $"{kind} n={n} rows={rows}: sifting over GLOP {glopInside} vs GLOP {reference}");
            Assert.Equal(value, Dot(program.Objective, s), 1e-9 * scale);
            int fractional = s.Count(v => Math.Abs(v - Math.Round(v)) > 1e-9);
            Assert.True(fractional <= rows + (withL0 ? 1 : 0), $"{fractional} fractional coordinates for {rows} rows");
            foreach (var row in program.Rows)
            {
                double activity = Dot(row.Coefficients, s), slack = 1e-7 * row.Coefficients.Sum(Math.Abs);
                Assert.InRange(activity, row.Lower - slack, row.Upper + slack);
            }
        }
    }

    [Fact]
    public void TheWholeProgramIsSolvedAtOnceBelowTheWorkingSetSizeAndAgrees()
    {
        var random = new Random(9);
        var program = RandomPrograms.Real(random, ProgramKind.Protect, 1500, 2);
        var (_, direct) = SignProgramSolver.SolveRelaxation(program);
        var (_, sifted) = SignProgramSolver.SolveRelaxation(program, Sifting);
        Assert.Equal(FullGlop(program), direct, 1e-7 * program.Objective.Sum(Math.Abs));
        Assert.Equal(direct, sifted, 1e-7 * program.Objective.Sum(Math.Abs));
    }

    /// <summary>The relaxation with every column, |s_i| modelled by split variables when there is an L0 budget.</summary>
    private static double FullGlop(SignProgram program)
    {
        using var solver = Solver.CreateSolver("GLOP")!;
        int n = program.Length;
        var up = solver.MakeNumVarArray(n, 0, 1);
        var down = solver.MakeNumVarArray(n, 0, 1);
        var objective = solver.Objective();
        for (int i = 0; i < n; i++)
        {
            objective.SetCoefficient(up[i], program.Objective[i]);
            objective.SetCoefficient(down[i], -program.Objective[i]);
        }
        objective.SetMaximization();
        foreach (var row in program.Rows)
        {
            var constraint = solver.MakeConstraint(row.Lower, row.Upper, "");
            for (int i = 0; i < n; i++)
            {
                constraint.SetCoefficient(up[i], row.Coefficients[i]);
                constraint.SetCoefficient(down[i], -row.Coefficients[i]);
            }
        }
        if (program.MaxMovedCoordinates is { } k)
        {
            var budget = solver.MakeConstraint(double.NegativeInfinity, k, "");
            for (int i = 0; i < n; i++)
            {
                budget.SetCoefficient(up[i], 1);
                budget.SetCoefficient(down[i], 1);
            }
        }
        Assert.Equal(Solver.ResultStatus.OPTIMAL, solver.Solve());
        return objective.Value();
    }

    private static double Dot(double[] a, double[] b)
    {
        double total = 0;
        for (int i = 0; i < a.Length; i++) total += a[i] * b[i];
        return total;
    }
}
