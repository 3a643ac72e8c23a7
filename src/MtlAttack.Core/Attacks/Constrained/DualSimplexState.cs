namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// The working state of one <see cref="DualSimplex"/> solve. Variables 0..n-1 are the columns, n..n+m-1 the slacks.
/// Internally a minimisation of -Cost, so its reduced costs are d = -r.
/// </summary>
internal sealed class DualSimplexState
{
    private const double PrimalTolerance = 1e-9;
    private const double RelativePivotTolerance = 1e-9;

    private readonly BoxLp lp;
    private readonly int n, m;
    private readonly int[] basis;
    private readonly bool[] basic;
    private readonly double[] value;      // nonbasic values of every variable; 0 while basic
    private readonly double[] basicValue; // by basis position
    private double[,] inverse = new double[0, 0];
    private readonly double[] minDuals;
    private readonly double[] reduced;    // r = Cost - Rows^T y (max convention) for the columns
    private readonly double[] alpha;
    private readonly double[] theta, weight, pivotSize;
    private readonly int[] candidate;

    public DualSimplexState(BoxLp lp, DualSimplex.Basis? start)
    {
        this.lp = lp;
        n = lp.Columns;
        m = lp.RowCount;
        basis = new int[m];
        basic = new bool[n + m];
        value = new double[n + m];
        basicValue = new double[m];
        minDuals = new double[m];
        reduced = new double[n];
        alpha = new double[n];
        theta = new double[n + m];
        weight = new double[n + m];
        pivotSize = new double[n + m];
        candidate = new int[n + m];
        if (start is null || !TryStart(start)) StartFromSlacks();
    }

    private void StartFromSlacks()
    {
        Array.Clear(basic);
        Array.Clear(value);
        for (int j = 0; j < m; j++) (basis[j], basic[n + j]) = (n + j, true);
        Invert();
    }

    private bool TryStart(DualSimplex.Basis start)
    {
        if (start.Variables.Length != m) return false;
        for (int k = 0; k < m; k++)
        {
            int v = start.Variables[k];
            if (v < 0 || v >= n + m || basic[v]) return false;
            basis[k] = v;
            basic[v] = true;
        }
        for (int j = 0; j < m; j++)
        {
            if (basic[n + j]) continue;
            double bound = start.SlackAtUpper[j] ? lp.RowUpper[j] : lp.RowLower[j];
            if (!double.IsFinite(bound)) return false;
            value[n + j] = bound;
        }
        return Invert();
    }

    private double Lower(int v) => v >= n ? lp.RowLower[v - n] : lp.ColumnLower;
    private double Upper(int v) => v >= n ? lp.RowUpper[v - n] : BoxLp.ColumnUpper;
    private double Tolerance(int v) => v >= n ? lp.RowTolerance[v - n] : PrimalTolerance;

    public bool Invert()
    {
        var matrix = new double[m, m];
        for (int k = 0; k < m; k++)
        {
            int v = basis[k];
            if (v < n) for (int j = 0; j < m; j++) matrix[j, k] = lp.Rows[j][v];
            else matrix[v - n, k] = -1;
        }
        if (DenseInverse.Invert(matrix) is not { } inv) return false;
        inverse = inv;
        return true;
    }

    /// <summary>y solves M^T y = cost_B (minimisation costs: -Cost for columns, 0 for slacks); then every column's reduced cost.</summary>
    public void ComputeDuals()
    {
        for (int j = 0; j < m; j++)
        {
            double sum = 0;
            for (int k = 0; k < m; k++)
                if (basis[k] < n) sum -= inverse[k, j] * lp.Cost[basis[k]];
            minDuals[j] = sum;
        }
        lp.ReducedCosts(MaxDuals(), reduced);
    }

    /// <summary>Every nonbasic column at the bound its reduced cost favours: the start is dual feasible.</summary>
    public void PlaceNonbasicColumns()
    {
        for (int i = 0; i < n; i++)
            if (!basic[i]) value[i] = reduced[i] > 0 ? Upper(i) : Lower(i);
    }

    /// <summary>M x_B = -(sum over nonbasic variables of their column times their value).</summary>
    public void ComputeBasicValues()
    {
        var nonbasic = new double[m];
        var columns = value.AsSpan(0, n);
        for (int j = 0; j < m; j++) nonbasic[j] = DenseKernels.Dot(lp.Rows[j], columns) - value[n + j];
        for (int k = 0; k < m; k++)
        {
            double sum = 0;
            for (int j = 0; j < m; j++) sum -= inverse[k, j] * nonbasic[j];
            basicValue[k] = sum;
        }
    }

    /// <summary>
    /// The leaving variable by dual steepest edge: the largest infeasibility^2 / |row of M^-1|^2, the squared
    /// infeasibility per unit length of the dual edge. With m rows the exact weights cost O(m^2).
    /// </summary>
    public (int Position, double Infeasibility) MostInfeasible()
    {
        int position = -1;
        double best = 0, signed = 0;
        for (int k = 0; k < m; k++)
        {
            int v = basis[k];
            double below = Lower(v) - basicValue[k], above = basicValue[k] - Upper(v);
            double infeasibility = below > Tolerance(v) ? -below : above > Tolerance(v) ? above : 0;
            if (infeasibility == 0) continue;
            double norm = 0;
            for (int j = 0; j < m; j++) norm += inverse[k, j] * inverse[k, j];
            double score = infeasibility * infeasibility / norm;
            if (score > best) (position, best, signed) = (k, score, infeasibility);
        }
        return (position, signed);
    }

    private double[] MaxDuals() => minDuals.Select(y => -y).ToArray();

    /// <summary>One dual simplex iteration with the long-step ratio test; false when no variable can enter (infeasible LP).</summary>
    public bool Pivot(int position, double signedInfeasibility)
    {
        // alpha_v = (row `position` of M^-1) . a_v; columns a_i = Rows[.][i], slacks a_j = -e_j.
        Array.Clear(alpha);
        for (int j = 0; j < m; j++) DenseKernels.SubtractScaled(alpha, lp.Rows[j], -inverse[position, j]);
        double sign = Math.Sign(signedInfeasibility);
        double pivotTolerance = RelativePivotTolerance * Math.Max(DenseKernels.MaxAbs(alpha), MaxAbsRow(position));

        int count = 0;
        for (int v = 0; v < n + m; v++)
        {
            if (basic[v]) continue;
            double lower = Lower(v), upper = Upper(v);
            if (upper <= lower) continue;
            double a = v < n ? alpha[v] : -inverse[position, v - n];
            double signed = sign * a;
            // Candidates are the variables whose move away from their bound pushes the leaving one towards its bound.
            bool atLower = value[v] <= lower;
            if (atLower ? signed <= pivotTolerance : signed >= -pivotTolerance) continue;
            double d = v < n ? -reduced[v] : minDuals[v - n];
            theta[count] = Math.Max(0, d / signed);
            weight[count] = Math.Abs(a) * (upper - lower);
            pivotSize[count] = Math.Abs(a);
            candidate[count++] = v;
        }
        var (incoming, flipped) = LongStepRatioTest.Find(theta, weight, pivotSize, candidate, count, Math.Abs(signedInfeasibility));
        if (incoming < 0) return false;

        foreach (int v in flipped) value[v] = value[v] <= Lower(v) ? Upper(v) : Lower(v);
        int leaving = basis[position];
        basic[leaving] = false;
        value[leaving] = signedInfeasibility < 0 ? Lower(leaving) : Upper(leaving);
        basic[incoming] = true;
        value[incoming] = 0;
        basis[position] = incoming;
        return true;
    }

    private double MaxAbsRow(int position)
    {
        double max = 0;
        for (int j = 0; j < m; j++) max = Math.Max(max, Math.Abs(inverse[position, j]));
        return max;
    }

    public DualSimplex.Result Result(DualSimplex.Outcome status, int iterations)
    {
        var columns = value[..n];
        for (int k = 0; k < m; k++)
            if (basis[k] < n) columns[basis[k]] = Math.Clamp(basicValue[k], Lower(basis[k]), Upper(basis[k]));
        var slackAtUpper = new bool[m];
        for (int j = 0; j < m; j++) slackAtUpper[j] = !basic[n + j] && value[n + j] >= lp.RowUpper[j];
        return new DualSimplex.Result(MaxDuals(), columns, status, iterations, new DualSimplex.Basis((int[])basis.Clone(), slackAtUpper));
    }
}
