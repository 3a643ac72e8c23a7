namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// APGD's checkpoints (Croce &amp; Hein, 2020): w_j = ceil(p_j * N) with p_0 = 0, p_1 = 0.22 and
/// p_{j+1} = p_j + max(p_j - p_{j-1} - 0.03, 0.06). At each checkpoint the step size may halve.
/// </summary>
public static class ApgdSchedule
{
    /// <summary>
    /// Ours: the p_j kept while p_j &lt;= 1, in decimal arithmetic, which keeps 0.22 * 100 at exactly 22 and 0.70 * 10
    /// at exactly 7. For N = 10: [0, 3, 5, 6, 7, 8, 9, 10].
    /// </summary>
    public static IReadOnlyList<int> Checkpoints(int iterations)
    {
        CheckIterations(iterations);
        var checkpoints = new List<int> { 0 };
        decimal previous = 0m, current = 0.22m;
        while (current <= 1m)
        {
            int w = (int)Math.Ceiling(current * iterations);
            if (w > checkpoints[^1] && w <= iterations) checkpoints.Add(w);
            (previous, current) = (current, current + Math.Max(current - previous - 0.03m, 0.06m));
        }
        return checkpoints;
    }

    /// <summary>
    /// The reference code's list (MTLAttack-DGBA's AutoAttack): the same recursion in binary floating point, stopped at the
    /// first p_j &gt;= 1 (so p = 1 is never kept), then ceil(p_j * N) with repeats removed in order. Floating point puts
    /// p_4 at 0.7000000000000001, so for N = 10 the list is [0, 3, 5, 6, 8, 9, 10]: 7 is skipped.
    /// </summary>
    public static IReadOnlyList<int> ReferenceCheckpoints(int iterations)
    {
        CheckIterations(iterations);
        var p = new List<double> { 0, 0.22 };
        while (true)
        {
            double next = p[^1] + Math.Max(p[^1] - p[^2] - 0.03, 0.06);
            if (next >= 1.0) break;
            p.Add(next);
        }
        var checkpoints = new List<int>();
        foreach (var w in p.Select(pj => (int)Math.Ceiling(pj * iterations)))
            if (!checkpoints.Contains(w)) checkpoints.Add(w);
        return checkpoints;
    }

    private static void CheckIterations(int iterations)
    {
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), "APGD needs at least one iteration.");
    }
}
