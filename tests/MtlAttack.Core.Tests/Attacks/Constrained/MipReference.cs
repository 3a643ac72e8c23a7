using Google.OrTools.Sat;
using MtlAttack.Core.Attacks.Constrained;
using SatExpr = Google.OrTools.Sat.LinearExpr;

namespace MtlAttack.Core.Tests.Attacks.Constrained;

/// <summary>
/// The same integer program solved by CP-SAT, exactly: coefficients must be integers, so no tolerance can admit a
/// point our solver would call infeasible. Row bounds are rounded inwards (the row's value is an integer).
/// </summary>
internal static class MipReference
{
    public sealed record Result(bool Optimal, long Value, int[] Signs);

    public static Result Solve(SignProgram program, double timeLimitSeconds = 30)
    {
        int n = program.Length;
        var model = new CpModel();
        var s = new IntVar[n];
        if (program.MaxMovedCoordinates is { } k)
        {
            var up = new BoolVar[n];
            var down = new BoolVar[n];
            for (int i = 0; i < n; i++)
            {
                up[i] = model.NewBoolVar($"up{i}");
                down[i] = model.NewBoolVar($"down{i}");
                s[i] = model.NewIntVar(-1, 1, $"s{i}");
                model.Add(s[i] == up[i] - down[i]);
                model.AddAtMostOne([up[i], down[i]]);
            }
            model.Add(SatExpr.Sum(up.Concat(down)) <= k);
        }
        else
        {
            for (int i = 0; i < n; i++) s[i] = model.NewIntVar(-1, 1, $"s{i}");
        }
        foreach (var row in program.Rows)
        {
            long lower = double.IsNegativeInfinity(row.Lower) ? long.MinValue / 4 : (long)Math.Ceiling(row.Lower);
            long upper = double.IsPositiveInfinity(row.Upper) ? long.MaxValue / 4 : (long)Math.Floor(row.Upper);
            model.AddLinearConstraint(SatExpr.WeightedSum(s, Integers(row.Coefficients)), lower, upper);
        }
        model.Maximize(SatExpr.WeightedSum(s, Integers(program.Objective)));

        var solver = new CpSolver { StringParameters = $"max_time_in_seconds:{timeLimitSeconds} num_workers:2" };
        var status = solver.Solve(model);
        if (status is not (CpSolverStatus.Optimal or CpSolverStatus.Feasible))
            throw new InvalidOperationException($"CP-SAT returned {status} on a program that s = 0 satisfies.");
        return new Result(status == CpSolverStatus.Optimal, (long)Math.Round(solver.ObjectiveValue), s.Select(v => (int)solver.Value(v)).ToArray());
    }

    private static long[] Integers(double[] values) =>
        values.Select(v => Math.Round(v) == v ? (long)v : throw new ArgumentException("MipReference needs integer coefficients.")).ToArray();

    /// <summary>Whether <paramref name="signs"/> satisfies every row and the L0 budget, in exact integer arithmetic.</summary>
    public static bool IsFeasible(SignProgram program, ReadOnlySpan<sbyte> signs)
    {
        int moved = 0;
        foreach (var v in signs)
        {
            if (v is < -1 or > 1) return false;
            moved += Math.Abs(v);
        }
        if (program.MaxMovedCoordinates is { } k && moved > k) return false;
        foreach (var row in program.Rows)
        {
            long activity = 0;
            for (int i = 0; i < signs.Length; i++) activity += (long)row.Coefficients[i] * signs[i];
            if (activity < row.Lower || activity > row.Upper) return false;
        }
        return true;
    }
}
