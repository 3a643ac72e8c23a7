namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// max &lt;c, s&gt; over s in {-1, 0, 1}^n with sum_i |s_i| &lt;= k, in closed form: a moved coordinate gains |c_i| at best
/// (with s_i = sign(c_i)), so the k largest |c_i| are moved. O(n) by selection, not a sort. k &gt;= n is no budget:
/// sign(c).
/// </summary>
internal static class TopKSigns
{
    public static sbyte[] Solve(ReadOnlySpan<double> c, int k)
    {
        int n = c.Length;
        var signs = new sbyte[n];
        if (k >= n)
        {
            for (int i = 0; i < n; i++) signs[i] = (sbyte)Math.Sign(c[i]);
            return signs;
        }
        if (k <= 0) return signs;

        var magnitudes = new double[n];
        for (int i = 0; i < n; i++) magnitudes[i] = Math.Abs(c[i]);
        // The k-th largest is the (n - k)-th smallest.
        double threshold = Selection.KthSmallest(magnitudes, n - k);
        int taken = 0;
        for (int i = 0; i < n; i++)
            if (Math.Abs(c[i]) > threshold) { signs[i] = (sbyte)Math.Sign(c[i]); taken++; }
        for (int i = 0; i < n && taken < k; i++)
            if (Math.Abs(c[i]) == threshold && threshold > 0) { signs[i] = (sbyte)Math.Sign(c[i]); taken++; }
        return signs;
    }
}
