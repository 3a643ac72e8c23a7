namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// Rounds a basic LP optimum to integers. A basic solution of an LP with m rows has at most m basic columns, so at
/// most m columns are fractional; every other column is already integral. Those few are rounded by trying every
/// integer value in their range (3^f combinations, 2^f for split columns) with the rest held fixed, keeping the
/// feasible combination of largest objective; if none is feasible, <see cref="Repair"/> takes over.
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

    /// <summary>Nearest ties tried two at a time by <see cref="Repair"/>.</summary>
    public const int PairCandidates = 48;

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
        var repaired = Repair(lp, combinations, solution);
        return new Result(repaired, fractional, false, repaired is not null);
    }

    private static bool IsNearest(int[] values, int[] columns, double[] x)
    {
        for (int f = 0; f < columns.Length; f++)
            if (Math.Abs(values[f] - x[columns[f]]) >= 1) return false;
        return true;
    }

    /// <summary>
    /// When no rounding of the fractional columns is feasible (a row's range narrower than single coefficients), each
    /// rounding is tried again together with one more change of a column of the working set (the columns nearest a
    /// tie, cheapest to change), keeping the best feasible: O(3^f * working set * m); failing that, with two changes
    /// among the <see cref="PairCandidates"/> nearest ties.
    /// </summary>
    /// <returns>The best feasible repaired point, or null when none is.</returns>
    private static double[]? Repair(BoxLp lp, RoundingCombinations combinations, LpSolution solution)
    {
        var integral = combinations.Integral;
        var isEnumerated = combinations.Columns.ToHashSet();
        var candidates = solution.WorkingSet.Where(i => !isEnumerated.Contains(i)).ToList();

        double bestGain = double.NegativeInfinity;
        int[]? best = null;
        var changes = new List<(int Column, double Delta)>();
        for (long code = 0; code < combinations.Count; code++)
        {
            var (values, gain, activity) = combinations.Evaluate(code);
            foreach (int i in candidates)
                for (double v = lp.ColumnLower; v <= BoxLp.ColumnUpper; v++)
                {
                    double delta = v - integral[i];
                    double total = gain + lp.Cost[i] * delta;
                    if (delta == 0 || total <= bestGain || !RoundingCombinations.HoldsAfter(lp, activity, i, delta)) continue;
                    (bestGain, best) = (total, (int[])values.Clone());
                    changes = [(i, delta)];
                }
        }
        if (best is null)
        {
            var distance = new double[lp.Columns];
            foreach (int i in candidates) distance[i] = Math.Abs(solution.ReducedCosts[i]);
            var nearest = Selection.SmallestBy(candidates, distance, PairCandidates);
            var trial = new double[lp.RowCount];
            for (long code = 0; code < combinations.Count; code++)
            {
                var (values, gain, activity) = combinations.Evaluate(code);
                for (int a = 0; a < nearest.Length; a++)
                for (int b = a + 1; b < nearest.Length; b++)
                {
                    int i = nearest[a], k = nearest[b];
                    for (double vi = lp.ColumnLower; vi <= BoxLp.ColumnUpper; vi++)
                    for (double vk = lp.ColumnLower; vk <= BoxLp.ColumnUpper; vk++)
                    {
                        double di = vi - integral[i], dk = vk - integral[k];
                        double total = gain + lp.Cost[i] * di + lp.Cost[k] * dk;
                        if (di == 0 || dk == 0 || total <= bestGain) continue;
                        for (int j = 0; j < trial.Length; j++) trial[j] = activity[j] + lp.Rows[j][i] * di;
                        if (!RoundingCombinations.HoldsAfter(lp, trial, k, dk)) continue;
                        (bestGain, best) = (total, (int[])values.Clone());
                        changes = [(i, di), (k, dk)];
                    }
                }
            }
        }
        if (best is null) return null;
        var repaired = combinations.Apply(best);
        foreach (var (column, delta) in changes) repaired[column] += delta;
        return repaired;
    }
}
