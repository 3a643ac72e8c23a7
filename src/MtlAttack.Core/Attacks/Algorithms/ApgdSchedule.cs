namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// APGD's checkpoints (Croce &amp; Hein, 2020): w_j = ceil(p_j * N) with p_0 = 0, p_1 = 0.22 and
/// p_{j+1} = p_j + max(p_j - p_{j-1} - 0.03, 0.06), kept while p_j &lt;= 1. At each checkpoint the step
/// size may halve. Decimal arithmetic keeps 0.22 * 100 at exactly 22.
/// </summary>
public static class ApgdSchedule
{
    public static IReadOnlyList<int> Checkpoints(int iterations)
    {
        if (iterations < 1) throw new ArgumentOutOfRangeException(nameof(iterations), "APGD needs at least one iteration.");
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
}
