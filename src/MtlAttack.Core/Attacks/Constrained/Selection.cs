namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>Expected O(n) order statistics, so picking the columns nearest a tie never sorts all n coordinates.</summary>
internal static class Selection
{
    /// <summary>
    /// The k-th smallest (0-based) of <paramref name="values"/>, which is reordered in place (Hoare partitioning
    /// around a median of three; a fixed pivot rule is enough, the inputs are not adversarial).
    /// </summary>
    public static double KthSmallest(Span<double> values, int k)
    {
        if ((uint)k >= (uint)values.Length) throw new ArgumentOutOfRangeException(nameof(k));
        int lo = 0, hi = values.Length - 1;
        while (lo < hi)
        {
            int mid = lo + (hi - lo) / 2;
            double pivot = MedianOfThree(values[lo], values[mid], values[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot) i++;
                while (values[j] > pivot) j--;
                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }
            // [lo..j] <= pivot <= [i..hi], and everything strictly between j and i equals the pivot.
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else return values[k];
        }
        return values[k];
    }

    private static double MedianOfThree(double a, double b, double c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));

    /// <summary>
    /// Up to <paramref name="count"/> of <paramref name="items"/> with the smallest keys (key[item]), in no particular
    /// order: a threshold by selection, then one pass. O(items).
    /// </summary>
    public static int[] SmallestBy(IReadOnlyList<int> items, double[] keys, int count)
    {
        if (items.Count <= count) return items.ToArray();
        if (count <= 0) return [];
        double threshold = KthSmallest(items.Select(i => keys[i]).ToArray(), count - 1);
        var result = new List<int>(count);
        foreach (int i in items)
            if (keys[i] < threshold) result.Add(i);
        foreach (int i in items)
        {
            if (result.Count >= count) break;
            if (keys[i] == threshold) result.Add(i);
        }
        return result.ToArray();
    }
}
