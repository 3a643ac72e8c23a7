namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// The bound-flipping ("long-step") ratio test of the dual simplex, as an exact line search along the dual edge.
/// Each candidate variable has a breakpoint theta &gt;= 0 (where its reduced cost would change sign) and a weight
/// w = |alpha| * (its range): passing its breakpoint flips it to its other bound, which removes w from the leaving
/// variable's infeasibility. The dual objective keeps improving while the remaining infeasibility is positive, so
/// the step goes to the first breakpoint where the weights passed reach it: a weighted quantile of the breakpoints,
/// found in expected O(q) by three-way partitioning (the arrays themselves, for locality) rather than by sorting.
/// </summary>
internal static class LongStepRatioTest
{
    /// <param name="theta">Breakpoints; reordered in place, as are the other arrays.</param>
    /// <param name="weight">Weights (+infinity for a variable that cannot flip: it must enter when reached).</param>
    /// <param name="pivot">|alpha|: among variables tied at the entering breakpoint the largest enters, for a stable basis.</param>
    /// <param name="variable">The variable each candidate stands for.</param>
    /// <param name="infeasibility">The leaving variable's distance to its bound (&gt; 0).</param>
    /// <returns>The entering variable (-1 if all the weights together fall short of the infeasibility) and the variables to flip.</returns>
    public static (int Entering, List<int> Flipped) Find(double[] theta, double[] weight, double[] pivot, int[] variable, int count, double infeasibility)
    {
        var flipped = new List<int>();
        double remaining = infeasibility;
        int lo = 0, hi = count;
        var random = new Random(count);
        while (lo < hi)
        {
            double split = theta[lo + random.Next(hi - lo)];
            // Three-way partition of [lo, hi): [lo, lt) below split, [lt, gt) equal, [gt, hi) above.
            int lt = lo, gt = hi, k = lo;
            double below = 0, equal = 0;
            while (k < gt)
            {
                double t = theta[k];
                if (t < split)
                {
                    below += weight[k];
                    Swap(theta, weight, pivot, variable, lt++, k++);
                }
                else if (t > split) Swap(theta, weight, pivot, variable, k, --gt);
                else
                {
                    equal += weight[k];
                    k++;
                }
            }
            if (below >= remaining)
            {
                hi = lt;
                continue;
            }
            if (below + equal >= remaining)
            {
                for (int i = lo; i < lt; i++) flipped.Add(variable[i]);
                int entering = lt;
                for (int i = lt + 1; i < gt; i++)
                    if (pivot[i] > pivot[entering]) entering = i;
                return (variable[entering], flipped);
            }
            for (int i = lo; i < gt; i++) flipped.Add(variable[i]);
            remaining -= below + equal;
            lo = gt;
        }
        return (-1, flipped);
    }

    private static void Swap(double[] theta, double[] weight, double[] pivot, int[] variable, int a, int b)
    {
        (theta[a], theta[b]) = (theta[b], theta[a]);
        (weight[a], weight[b]) = (weight[b], weight[a]);
        (pivot[a], pivot[b]) = (pivot[b], pivot[a]);
        (variable[a], variable[b]) = (variable[b], variable[a]);
    }
}
