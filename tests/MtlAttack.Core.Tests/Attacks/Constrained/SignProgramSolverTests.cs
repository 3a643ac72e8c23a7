using MtlAttack.Core.Attacks.Constrained;

namespace MtlAttack.Core.Tests.Attacks.Constrained;

/// <summary>Contracts of the program and the solver beyond optimality.</summary>
public class SignProgramSolverTests
{
    [Fact]
    public void CoordinatesNoTermSeesStayStill()
    {
        // Pixels with zero gradient for every task (dead or masked) must not move, whether or not the program sifts.
        var random = new Random(31);
        foreach (int n in new[] { 50, 40_000 })
        {
            var program = RandomPrograms.Real(random, ProgramKind.Protect, n, 2);
            for (int i = 0; i < n; i += 3)
            {
                program.Objective[i] = 0;
                foreach (var row in program.Rows) row.Coefficients[i] = 0;
            }
            var solution = SignProgramSolver.Solve(program);
            for (int i = 0; i < n; i += 3) Assert.Equal(0, solution.Signs[i]);
            Assert.True(RowsHold(program, solution.Signs));
        }
    }

    [Fact]
    public void AZeroBudgetKeepsTheProtectedTaskExactlyStill()
    {
        // |<a_p, s>| <= 0 with real-valued a_p: the answer must satisfy it exactly (to the row tolerance), not roughly.
        var random = new Random(32);
        var program = RandomPrograms.Real(random, ProgramKind.Protect, 3000, 1, tightness: 0);
        var solution = SignProgramSolver.Solve(program);
        double activity = 0, scale = 0;
        for (int i = 0; i < program.Length; i++)
        {
            activity += program.Rows[0].Coefficients[i] * solution.Signs[i];
            scale += Math.Abs(program.Rows[0].Coefficients[i]);
        }
        Assert.True(Math.Abs(activity) <= 1e-9 * scale, $"protected activity {activity} with a zero budget");
        Assert.True(solution.Value <= solution.LpBound);
    }

    [Fact]
    public void MalformedProgramsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearRow([1, 2], 0.5, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LinearRow([1, 2], -1, -0.5));
        Assert.Throws<ArgumentException>(() => new LinearRow([1, double.NaN], -1, 1));
        Assert.Throws<ArgumentException>(() => new SignProgram([1, 2, 3], [LinearRow.Symmetric([1, 2], 1)]));
        Assert.Throws<ArgumentException>(() => new SignProgram([1, double.PositiveInfinity]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SignProgram([1, 2], maxMovedCoordinates: -1));
    }

    [Fact]
    public void SolvesRepeatExactly()
    {
        var program = RandomPrograms.Real(new Random(33), ProgramKind.Floor, 50_000, 3);
        var first = SignProgramSolver.Solve(program);
        var second = SignProgramSolver.Solve(program);
        Assert.Equal(first.Signs, second.Signs);
        Assert.Equal(first.Value, second.Value);
    }

    private static bool RowsHold(SignProgram program, sbyte[] signs)
    {
        foreach (var row in program.Rows)
        {
            double activity = 0, scale = 0;
            for (int i = 0; i < signs.Length; i++)
            {
                activity += row.Coefficients[i] * signs[i];
                scale += Math.Abs(row.Coefficients[i]);
            }
            if (activity < row.Lower - 1e-9 * scale || activity > row.Upper + 1e-9 * scale) return false;
        }
        return true;
    }
}
