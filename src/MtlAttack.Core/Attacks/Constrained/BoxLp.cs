namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// The LP relaxation of a <see cref="SignProgram"/> in the form the solver works on: maximise &lt;Cost, x&gt; subject
/// to RowLower &lt;= Rows x &lt;= RowUpper and ColumnLower &lt;= x_i &lt;= 1.
/// <para>
/// Without an L0 budget a column is a coordinate, x = s in [-1, 1]. With one, |s_i| is not linear, so each coordinate
/// becomes two columns in [0, 1], x_i for a step up and x_{n+i} for a step down (s_i = x_i - x_{n+i}), and the budget
/// is the row sum_j x_j &lt;= k. Using both halves of a coordinate only spends budget without changing s, so an
/// optimum never needs it, and any integer x maps to a feasible s of the same value.
/// </para>
/// <para>
/// The cost and every row are scaled to a largest |coefficient| of 1, so the solver's tolerances mean the same
/// thing whatever the gradients' magnitude (per-pixel gradients are often 1e-6 or smaller).
/// </para>
/// </summary>
internal sealed class BoxLp
{
    /// <summary>Slack allowed on a row, relative to the row's 1-norm: far below any coefficient, far above round-off.</summary>
    public const double RelativeRowTolerance = 1e-9;

    private BoxLp(int coordinates, bool splitsSigns, double[] cost, double costScale, double[][] rows, double[] rowLower, double[] rowUpper)
    {
        Coordinates = coordinates;
        SplitsSigns = splitsSigns;
        Cost = cost;
        CostScale = costScale;
        Rows = rows;
        RowLower = rowLower;
        RowUpper = rowUpper;
        RowTolerance = rows.Select(r => RelativeRowTolerance * Math.Max(1, DenseKernels.SumAbs(r))).ToArray();
    }

    /// <summary>Coordinates of the program (for a restricted LP, of the program it was drawn from).</summary>
    public int Coordinates { get; }
    public bool SplitsSigns { get; }
    public int Columns => Cost.Length;
    public int RowCount => Rows.Length;
    public double ColumnLower => SplitsSigns ? 0 : -1;
    public const double ColumnUpper = 1;

    public double[] Cost { get; }

    /// <summary>Cost = original objective * CostScale.</summary>
    public double CostScale { get; }

    public double[][] Rows { get; }
    public double[] RowLower { get; }
    public double[] RowUpper { get; }
    public double[] RowTolerance { get; }

    /// <summary>The relaxation of <paramref name="program"/>; its objective must not be all zero.</summary>
    public static BoxLp From(SignProgram program)
    {
        int n = program.Length;
        double costMax = DenseKernels.MaxAbs(program.Objective);
        if (costMax == 0) throw new ArgumentException("The objective is zero: every feasible s is optimal, there is nothing to solve.", nameof(program));
        bool split = program.MaxMovedCoordinates is { } k && k < n;

        var rows = new List<double[]>();
        var lower = new List<double>();
        var upper = new List<double>();
        foreach (var row in program.Rows)
        {
            double rowMax = DenseKernels.MaxAbs(row.Coefficients);
            // A zero row reads 0 for every s, and 0 is inside every row's range: it constrains nothing.
            if (rowMax == 0) continue;
            rows.Add(Expand(row.Coefficients, 1 / rowMax, split));
            lower.Add(row.Lower / rowMax);
            upper.Add(row.Upper / rowMax);
        }
        if (split)
        {
            rows.Add(Enumerable.Repeat(1.0, 2 * n).ToArray());
            lower.Add(double.NegativeInfinity);
            upper.Add(program.MaxMovedCoordinates!.Value);
        }
        return new BoxLp(n, split, Expand(program.Objective, 1 / costMax, split), 1 / costMax, rows.ToArray(), lower.ToArray(), upper.ToArray());
    }

    /// <summary>
    /// The LP over a subset of the columns with the given row bounds, and optionally one more column after them
    /// (cost and row coefficients given) with the same bounds.
    /// </summary>
    public BoxLp Restrict(IReadOnlyList<int> columns, double[] rowLower, double[] rowUpper, (double Cost, double[] Rows)? extra = null)
    {
        int count = columns.Count + (extra is null ? 0 : 1);
        var cost = new double[count];
        var rows = Rows.Select(_ => new double[count]).ToArray();
        for (int k = 0; k < columns.Count; k++)
        {
            int i = columns[k];
            cost[k] = Cost[i];
            for (int j = 0; j < rows.Length; j++) rows[j][k] = Rows[j][i];
        }
        if (extra is { } column)
        {
            cost[^1] = column.Cost;
            for (int j = 0; j < rows.Length; j++) rows[j][^1] = column.Rows[j];
        }
        return new BoxLp(Coordinates, SplitsSigns, cost, CostScale, rows, rowLower, rowUpper);
    }

    private static double[] Expand(double[] coefficients, double scale, bool split)
    {
        int n = coefficients.Length;
        var result = new double[split ? 2 * n : n];
        coefficients.CopyTo(result, 0);
        DenseKernels.Scale(result.AsSpan(0, n), scale);
        if (split)
            for (int i = 0; i < n; i++) result[n + i] = -result[i];
        return result;
    }

    /// <summary>
    /// Columns that neither the cost nor any row sees (zero gradients everywhere, common where a pixel's receptive
    /// field is dead or masked): moving them gains nothing, so they are best pinned at 0 and left out of the LP.
    /// </summary>
    public bool[] InertColumns() =>
        Enumerable.Range(0, Columns).Select(i => Cost[i] == 0 && Rows.All(row => row[i] == 0)).ToArray();

    /// <summary>r = Cost - Rows^T y: the rate at which the Lagrangian gains per unit of each column.</summary>
    public void ReducedCosts(ReadOnlySpan<double> duals, Span<double> result)
    {
        Cost.CopyTo(result);
        for (int j = 0; j < Rows.Length; j++) DenseKernels.SubtractScaled(result, Rows[j], duals[j]);
    }

    public double[] RowActivities(ReadOnlySpan<double> x)
    {
        var activities = new double[Rows.Length];
        for (int j = 0; j < Rows.Length; j++) activities[j] = DenseKernels.Dot(Rows[j], x);
        return activities;
    }

    public bool RowsHold(ReadOnlySpan<double> activities)
    {
        for (int j = 0; j < activities.Length; j++)
            if (activities[j] < RowLower[j] - RowTolerance[j] || activities[j] > RowUpper[j] + RowTolerance[j]) return false;
        return true;
    }

    /// <summary>Total distance of the activities outside their ranges (0 when every row holds).</summary>
    public double Violation(ReadOnlySpan<double> activities)
    {
        double total = 0;
        for (int j = 0; j < activities.Length; j++)
        {
            total += Math.Max(0, RowLower[j] - RowTolerance[j] - activities[j]);
            total += Math.Max(0, activities[j] - RowUpper[j] - RowTolerance[j]);
        }
        return total;
    }

    /// <summary>The signs of an integral column vector.</summary>
    public sbyte[] ToSigns(ReadOnlySpan<double> integralColumns)
    {
        var signs = new sbyte[Coordinates];
        for (int i = 0; i < Coordinates; i++)
        {
            double s = SplitsSigns ? integralColumns[i] - integralColumns[Coordinates + i] : integralColumns[i];
            signs[i] = (sbyte)Math.Round(s);
        }
        return signs;
    }
}
