namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// The integer values the fractional columns of an LP point can take, all combinations of them, each numbered by a
/// code in base (range size); with every other column held at its integral value, each combination's gain in
/// objective and its row activities.
/// </summary>
internal sealed class RoundingCombinations(BoxLp lp, double[] integral, int[] columns)
{
    private readonly int low = (int)lp.ColumnLower;
    private readonly int choices = (int)BoxLp.ColumnUpper - (int)lp.ColumnLower + 1;
    private readonly double[] baseActivity = lp.RowActivities(integral);
    private readonly int[] values = new int[columns.Length];
    private readonly double[] activity = new double[lp.RowCount];

    /// <summary>The columns enumerated.</summary>
    public int[] Columns => columns;

    /// <summary>The point with every enumerated column at 0 (within range for every column).</summary>
    public double[] Integral => integral;

    public long Count => (long)Math.Pow(choices, columns.Length);

    /// <summary>The combination numbered <paramref name="code"/>. The arrays returned are reused by the next call.</summary>
    public (int[] Values, double Gain, double[] Activity) Evaluate(long code)
    {
        double gain = 0;
        baseActivity.CopyTo(activity, 0);
        for (int f = 0; f < columns.Length; f++)
        {
            int column = columns[f];
            values[f] = low + (int)(code % choices);
            code /= choices;
            if (values[f] == 0) continue;
            gain += lp.Cost[column] * values[f];
            for (int j = 0; j < activity.Length; j++) activity[j] += lp.Rows[j][column] * values[f];
        }
        return (values, gain, activity);
    }

    /// <summary>The integral point with the enumerated columns at <paramref name="chosen"/>.</summary>
    public double[] Apply(int[] chosen)
    {
        var result = (double[])integral.Clone();
        for (int f = 0; f < columns.Length; f++) result[columns[f]] = chosen[f];
        return result;
    }

    /// <summary>Whether every row holds after column <paramref name="column"/> moves by <paramref name="delta"/>.</summary>
    public static bool HoldsAfter(BoxLp lp, ReadOnlySpan<double> activity, int column, double delta)
    {
        for (int j = 0; j < activity.Length; j++)
        {
            double a = activity[j] + lp.Rows[j][column] * delta;
            if (a < lp.RowLower[j] - lp.RowTolerance[j] || a > lp.RowUpper[j] + lp.RowTolerance[j]) return false;
        }
        return true;
    }
}
