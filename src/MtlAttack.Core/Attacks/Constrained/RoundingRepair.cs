namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// When no rounding of the fractional columns is feasible (a row's range narrower than single coefficients), each
/// rounding is tried again together with one more change of a column of the working set (the columns nearest a
/// tie, cheapest to change), keeping the best feasible: O(3^f * working set * m); failing that, with two changes
/// among the <see cref="PairCandidates"/> nearest ties.
/// </summary>
internal static class RoundingRepair
{
    public const int PairCandidates = 48;

    /// <returns>The best feasible repaired point, or null when none is.</returns>
    public static double[]? Repair(BoxLp lp, RoundingCombinations combinations, LpSolution solution)
    {
        var integral = combinations.Integral;
        var isEnumerated = new HashSet<int>(combinations.Columns);
        var candidates = new List<int>(solution.WorkingSet.Count);
        foreach (int i in solution.WorkingSet) if (!isEnumerated.Contains(i)) candidates.Add(i);

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
