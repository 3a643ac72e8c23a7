namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// Rounds a basic LP optimum to integers. A basic solution of an LP with m rows has at most m basic columns, so at
/// most m columns are fractional; every other column is already integral. Those few are rounded by trying every
/// integer value in their range (3^f combinations, 2^f for split columns) with the rest held fixed, keeping the
/// feasible combination of largest objective; if none is feasible, <see cref="RoundingRepair"/> takes over.
/// <para>
/// Bound: the LP optimum x* is an upper bound on the integer optimum, and a combination that only moves each
/// fractional column to an adjacent integer changes the objective by less than sum_f |cost_f|. So whenever such a
/// nearest rounding is feasible (<see cref="Result.NearestFeasible"/>) the result is within sum_f |c_f| &lt;= m max|c|
/// of the integer optimum; when only farther ones are feasible, within 2 m max|c|.
/// </para>
/// </summary>
internal static class FractionalRounding
{
    /// <summary>Distance from an integer beyond which a column counts as fractional (nonbasic columns sit exactly on a bound).</summary>
    public const double IntegralityTolerance = 1e-9;

    /// <summary>At most 3^8 combinations; a basic solution never needs more than the row count.</summary>
    public const int MaxEnumerated = 8;

    /// <param name="Columns">The best feasible rounding, or null when none is feasible, even repaired.</param>
    /// <param name="Fractional">The fractional columns of the LP solution.</param>
    /// <param name="NearestFeasible">Whether a rounding to adjacent integers alone was feasible.</param>
    /// <param name="Repaired">Whether the answer needed changes to columns that were not fractional.</param>
    public sealed record Result(double[]? Columns, IReadOnlyList<int> Fractional, bool NearestFeasible, bool Repaired);

    public static Result Round(BoxLp lp, LpSolution solution)
    {
        var x = solution.Columns;
        var fractional = new List<int>();
        var integral = new double[x.Length];
        for (int i = 0; i < x.Length; i++)
        {
            double nearest = Math.Round(x[i]);
            if (Math.Abs(x[i] - nearest) > IntegralityTolerance) fractional.Add(i);
            else integral[i] = Math.Clamp(nearest, lp.ColumnLower, BoxLp.ColumnUpper);
        }
        // Beyond the cap (only possible through numerical noise) the smallest-cost columns stay at 0, which is in range.
        var enumerated = fractional.OrderByDescending(i => Math.Abs(lp.Cost[i])).Take(MaxEnumerated).ToArray();
        var combinations = new RoundingCombinations(lp, integral, enumerated);

        bool nearestFeasible = false;
        double bestGain = double.NegativeInfinity;
        int[]? best = null;
        for (long code = 0; code < combinations.Count; code++)
        {
            var (values, gain, activity) = combinations.Evaluate(code);
            if (!lp.RowsHold(activity)) continue;
            nearestFeasible |= IsNearest(values, enumerated, x);
            if (gain > bestGain) (bestGain, best) = (gain, (int[])values.Clone());
        }
        if (best is not null) return new Result(combinations.Apply(best), fractional, nearestFeasible, false);
        var repaired = RoundingRepair.Repair(lp, combinations, solution);
        return new Result(repaired, fractional, false, repaired is not null);
    }

    private static bool IsNearest(int[] values, int[] columns, double[] x)
    {
        for (int f = 0; f < columns.Length; f++)
            if (Math.Abs(values[f] - x[columns[f]]) >= 1) return false;
        return true;
    }
}
