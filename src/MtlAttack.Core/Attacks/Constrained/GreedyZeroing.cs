namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// Last repair when no rounding is feasible: s = 0 satisfies every row, so zeroing coordinates walks towards
/// feasibility. Columns are visited from the cheapest to give up (smallest |reduced cost|: the least loss of
/// Lagrangian value under the LP's duals) and zeroed when that strictly lowers the total row violation, until every
/// row holds. One pass, O(n log n); null when the pass ends still infeasible (the caller then returns s = 0).
/// </summary>
internal static class GreedyZeroing
{
    public static double[]? Repair(BoxLp lp, double[] integralColumns, double[] reducedCosts)
    {
        var columns = (double[])integralColumns.Clone();
        var activity = lp.RowActivities(columns);
        double violation = lp.Violation(activity);
        if (violation == 0) return columns;

        var order = Enumerable.Range(0, columns.Length).Where(i => columns[i] != 0).ToArray();
        Array.Sort(order.Select(i => Math.Abs(reducedCosts[i])).ToArray(), order);
        var trial = new double[activity.Length];
        foreach (int i in order)
        {
            for (int j = 0; j < trial.Length; j++) trial[j] = activity[j] - lp.Rows[j][i] * columns[i];
            double after = lp.Violation(trial);
            if (after >= violation) continue;
            columns[i] = 0;
            (activity, trial) = (trial, activity);
            violation = after;
            if (violation == 0) return columns;
        }
        return null;
    }
}
