using MtlAttack.Core.Attacks.Constrained;
using Xunit.Abstractions;

namespace MtlAttack.Core.Tests.Attacks.Constrained;

/// <summary>
/// The solver against CP-SAT on small random integer programs (n = 20..60, 1..4 rows, with and without an L0 budget;
/// n = 20..36 (12..20 with rho = 1) for the thin-row kinds, whose MIPs are slow to prove).
/// Guarantees checked on every instance: the answer is feasible; value &lt;= MIP optimum &lt;= LP bound; and when the LP
/// optimum was rounded directly, value &gt;= LP bound - sum of the fractional coordinates' |c_i| &lt;= f max|c| (f &lt;= rows)
/// if an adjacent rounding was feasible, else &gt;= LP bound - 2 f max|c|.
/// </summary>
public class SignProgramSolverMipTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(ProgramKind.Protect, false, 101)]
    [InlineData(ProgramKind.Protect, true, 102)]
    [InlineData(ProgramKind.Floor, false, 103)]
    [InlineData(ProgramKind.Floor, true, 104)]
    [InlineData(ProgramKind.General, false, 105)]
    [InlineData(ProgramKind.General, true, 106)]
    [InlineData(ProgramKind.ThinProtect, false, 107)]
    [InlineData(ProgramKind.ThinProtect, true, 108)]
    [InlineData(ProgramKind.EqualFloor, false, 109)]
    public void MatchesTheMipWithinTheRoundingGap(ProgramKind kind, bool withL0, int seed)
    {
        // Thin rows make the integer program a subset sum that CP-SAT takes long to prove: fewer, smaller instances.
        bool hard = kind is ProgramKind.ThinProtect or ProgramKind.EqualFloor;
        int instances = kind == ProgramKind.EqualFloor ? 12 : hard ? 20 : 40;
        int smallest = kind == ProgramKind.EqualFloor ? 12 : 20, largest = kind == ProgramKind.EqualFloor ? 20 : hard ? 36 : 60;
        var random = new Random(seed);
        int exact = 0, optimalMips = 0;
        var paths = new Dictionary<SignSolvePath, int>();
        double worstGap = 0;
        for (int trial = 0; trial < instances; trial++)
        {
            int n = random.Next(smallest, largest + 1), rows = random.Next(1, 5);
            int? k = withL0 ? random.Next(1, n) : null;
            var program = RandomPrograms.Integer(random, kind, n, rows, k);

            var ours = SignProgramSolver.Solve(program);
            var mip = MipReference.Solve(program, timeLimitSeconds: hard ? 3 : 30);
            paths[ours.Path] = paths.GetValueOrDefault(ours.Path) + 1;

            string where = $"{kind} trial {trial}: n={n} rows={rows} k={k} path={ours.Path} f={ours.FractionalCoordinates} value={ours.Value} mip={mip.Value} lp={ours.LpBound}";
            Assert.True(MipReference.IsFeasible(program, ours.Signs), $"infeasible answer; {where}");
            Assert.Equal(program.Value(ours.Signs), ours.Value);
            Assert.True(ours.Value <= mip.Value || !mip.Optimal, $"above the MIP optimum; {where}");
            Assert.True(mip.Value <= ours.LpBound + 1e-6 * Math.Max(1, Math.Abs(ours.LpBound)), $"MIP above the LP bound; {where}");

            double maxC = program.Objective.Max(Math.Abs);
            int rowCount = program.Rows.Count + (k is not null ? 1 : 0);
            if (ours.Path is SignSolvePath.Rounded or SignSolvePath.ClosedForm)
            {
                Assert.True(ours.FractionalCoordinates <= rowCount, $"more fractional coordinates than rows; {where}");
                double gap = (ours.NearestRoundingFeasible ? 1 : 2) * ours.FractionalCoordinates * maxC;
                Assert.True(ours.Value >= ours.LpBound - gap - 1e-6, $"outside the rounding gap {gap}; {where}");
            }
            if (mip.Optimal)
            {
                optimalMips++;
                if (ours.Value == mip.Value) exact++;
                worstGap = Math.Max(worstGap, (mip.Value - ours.Value) / maxC);
            }
        }
        output.WriteLine($"{kind}{(withL0 ? "+L0" : "")}: equal to the MIP optimum on {exact}/{optimalMips} instances; worst gap {worstGap:F2} max|c|; paths {string.Join(", ", paths.Select(p => $"{p.Key}={p.Value}"))}");
    }
}
