namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// Polishes a feasible integer point. Rounding can leave slack on a row that the LP used to the full, and a column
/// moved against its reduced cost (loss |r_i|) can then still gain through the rows' duals (c_i = r_i + y . b_i);
/// under a tight L0 budget only an exchange (one coordinate out, another in) can gain. So: single moves over the
/// candidate columns, then pair moves over the few nearest a tie, repeated while something gains. The value never
/// decreases and every row keeps holding. Cost O(candidates * m + pairs^2 * m) per round.
/// </summary>
internal static class LocalAscent
{
    public const int MaxRounds = 8;

    /// <summary>Columns nearest a tie tried two at a time.</summary>
    public const int PairCandidates = 96;

    public static void Improve(BoxLp lp, double[] columns, IReadOnlyList<int> candidates, double[] reducedCosts)
    {
        var activity = lp.RowActivities(columns);
        var distance = new double[reducedCosts.Length];
        foreach (int i in candidates) distance[i] = Math.Abs(reducedCosts[i]);
        // Nearest first: pair moves are taken as found, so the cheapest columns should be tried first.
        var nearest = Selection.SmallestBy(candidates, distance, PairCandidates);
        Array.Sort(nearest.Select(i => distance[i]).ToArray(), nearest);
        for (int round = 0; round < MaxRounds; round++)
            if (SingleMoves(lp, columns, activity, candidates) + PairMoves(lp, columns, activity, nearest) == 0) break;
    }

    private static int SingleMoves(BoxLp lp, double[] columns, double[] activity, IReadOnlyList<int> candidates)
    {
        int moves = 0;
        foreach (int i in candidates)
        {
            double cost = lp.Cost[i];
            if (cost == 0) continue;
            // The gain is linear in the move, so try the farthest move in the cost's direction first.
            double step = cost > 0 ? -1 : 1;
            for (double v = cost > 0 ? BoxLp.ColumnUpper : lp.ColumnLower; (v - columns[i]) * cost > 0; v += step)
            {
                double delta = v - columns[i];
                if (!RoundingCombinations.HoldsAfter(lp, activity, i, delta)) continue;
                Move(lp, columns, activity, i, delta);
                moves++;
                break;
            }
        }
        return moves;
    }

    private static int PairMoves(BoxLp lp, double[] columns, double[] activity, int[] nearest)
    {
        int moves = 0;
        var trial = new double[activity.Length];
        for (int a = 0; a < nearest.Length; a++)
        for (int b = a + 1; b < nearest.Length; b++)
        {
            int i = nearest[a], k = nearest[b];
            double bestGain = 1e-12, bestI = 0, bestK = 0;
            for (double vi = lp.ColumnLower; vi <= BoxLp.ColumnUpper; vi++)
            for (double vk = lp.ColumnLower; vk <= BoxLp.ColumnUpper; vk++)
            {
                double di = vi - columns[i], dk = vk - columns[k];
                double gain = lp.Cost[i] * di + lp.Cost[k] * dk;
                if (di == 0 || dk == 0 || gain <= bestGain) continue;
                for (int j = 0; j < trial.Length; j++) trial[j] = activity[j] + lp.Rows[j][i] * di;
                if (!RoundingCombinations.HoldsAfter(lp, trial, k, dk)) continue;
                (bestGain, bestI, bestK) = (gain, di, dk);
            }
            if (bestI == 0) continue;
            Move(lp, columns, activity, i, bestI);
            Move(lp, columns, activity, k, bestK);
            moves++;
        }
        return moves;
    }

    private static void Move(BoxLp lp, double[] columns, double[] activity, int column, double delta)
    {
        for (int j = 0; j < activity.Length; j++) activity[j] += lp.Rows[j][column] * delta;
        columns[column] += delta;
    }
}
