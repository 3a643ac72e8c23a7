namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// A dense bounded dual simplex for a <see cref="BoxLp"/> with few rows and many boxed columns: the LP solver inside
/// <see cref="SiftingLpSolver"/>, on a sample of columns for the starting duals and on the working set.
/// <para>
/// Each row gets a slack w_j = &lt;row_j, x&gt; boxed by the row's range, so the constraints read Rows x - w = 0 and
/// every variable is boxed. Any basis gives duals y; putting every nonbasic column at the bound its reduced cost
/// favours makes it dual feasible, primal infeasible only in the basic variables. Each iteration takes an infeasible
/// basic variable out (dual steepest edge) and moves the duals along the edge that frees it, as far as the dual objective
/// keeps improving (<see cref="LongStepRatioTest"/>): every column whose reduced cost changes sign on the way flips
/// to its other bound within the one iteration, so the count of iterations does not grow with the number of flips.
/// The m x m basis is inverted afresh each iteration and the primal values and reduced costs recomputed from it, so
/// round-off does not accumulate. Cost per iteration: a few O(n m) passes. Variables 0..n-1 are the columns,
/// n..n+m-1 the slacks; internally a minimisation of -Cost, so its reduced costs are d = -r.
/// </para>
/// </summary>
internal sealed class DualSimplex
{
    /// <summary>A basis to start from: its variables (columns 0..n-1, slacks n..n+m-1) and, for nonbasic slacks, the bound they sit at.</summary>
    public sealed record Basis(int[] Variables, bool[] SlackAtUpper);

    public enum Outcome
    {
        /// <summary>Every basic variable within its bounds: the columns are an optimal basic solution.</summary>
        Optimal,
        /// <summary>A basic variable out of bounds that no variable can relieve: the LP has no feasible point.</summary>
        Infeasible,
        /// <summary>The iteration limit or a singular basis stopped it; the duals are still dual feasible.</summary>
        Stopped,
    }

    /// <param name="Duals">Row duals in the convention reduced cost = Cost - Rows^T y; dual feasible even when not optimal.</param>
    public sealed record Result(double[] Duals, double[] Columns, Outcome Status, int Iterations, Basis FinalBasis);

    /// <param name="start">A basis to start from (null: the slack basis); a singular one is replaced by the slack basis.</param>
    public static Result Solve(BoxLp lp, int maxIterations, Basis? start = null)
    {
        var state = new DualSimplex(lp, start);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            if (iteration > 0 && !state.Invert()) return state.Finish(Outcome.Stopped, iteration);
            state.ComputeDuals();
            if (iteration == 0) state.PlaceNonbasicColumns();
            state.ComputeBasicValues();
            var (leaving, infeasibility) = state.MostInfeasible();
            if (leaving < 0) return state.Finish(Outcome.Optimal, iteration);
            if (!state.Pivot(leaving, infeasibility)) return state.Finish(Outcome.Infeasible, iteration);
        }
        return state.Finish(Outcome.Stopped, maxIterations);
    }

    private const double PrimalTolerance = 1e-9;
    private const double RelativePivotTolerance = 1e-9;

    /// <summary>Below this pivot (relative to the matrix's largest entry) the basis is treated as singular.</summary>
    private const double SingularTolerance = 1e-12;

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

    private DualSimplex(BoxLp lp, Basis? start)
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

    private bool TryStart(Basis start)
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

    private bool Invert()
    {
        var matrix = new double[m, m];
        for (int k = 0; k < m; k++)
        {
            int v = basis[k];
            if (v < n) for (int j = 0; j < m; j++) matrix[j, k] = lp.Rows[j][v];
            else matrix[v - n, k] = -1;
        }
        if (Inverse(matrix) is not { } inv) return false;
        inverse = inv;
        return true;
    }

    /// <summary>Inverse of a small dense matrix (a basis of a few rows) by Gauss-Jordan elimination with partial pivoting.</summary>
    /// <returns>The inverse, or null when the matrix is (numerically) singular. The argument is overwritten.</returns>
    private static double[,]? Inverse(double[,] matrix)
    {
        int size = matrix.GetLength(0);
        var inverse = new double[size, size];
        double scale = 0;
        for (int i = 0; i < size; i++)
        {
            inverse[i, i] = 1;
            for (int j = 0; j < size; j++) scale = Math.Max(scale, Math.Abs(matrix[i, j]));
        }
        if (scale == 0) return size == 0 ? inverse : null;
        for (int column = 0; column < size; column++)
        {
            int best = column;
            for (int row = column + 1; row < size; row++)
                if (Math.Abs(matrix[row, column]) > Math.Abs(matrix[best, column])) best = row;
            if (Math.Abs(matrix[best, column]) <= SingularTolerance * scale) return null;
            if (best != column)
                for (int j = 0; j < size; j++)
                {
                    (matrix[best, j], matrix[column, j]) = (matrix[column, j], matrix[best, j]);
                    (inverse[best, j], inverse[column, j]) = (inverse[column, j], inverse[best, j]);
                }
            double pivot = matrix[column, column];
            for (int j = 0; j < size; j++)
            {
                matrix[column, j] /= pivot;
                inverse[column, j] /= pivot;
            }
            for (int row = 0; row < size; row++)
            {
                if (row == column || matrix[row, column] == 0) continue;
                double factor = matrix[row, column];
                for (int j = 0; j < size; j++)
                {
                    matrix[row, j] -= factor * matrix[column, j];
                    inverse[row, j] -= factor * inverse[column, j];
                }
            }
        }
        return inverse;
    }

    /// <summary>y solves M^T y = cost_B (minimisation costs: -Cost for columns, 0 for slacks); then every column's reduced cost.</summary>
    private void ComputeDuals()
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
    private void PlaceNonbasicColumns()
    {
        for (int i = 0; i < n; i++)
            if (!basic[i]) value[i] = reduced[i] > 0 ? Upper(i) : Lower(i);
    }

    /// <summary>M x_B = -(sum over nonbasic variables of their column times their value).</summary>
    private void ComputeBasicValues()
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
    private (int Position, double Infeasibility) MostInfeasible()
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
    private bool Pivot(int position, double signedInfeasibility)
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

    private Result Finish(Outcome status, int iterations)
    {
        var columns = value[..n];
        for (int k = 0; k < m; k++)
            if (basis[k] < n) columns[basis[k]] = Math.Clamp(basicValue[k], Lower(basis[k]), Upper(basis[k]));
        var slackAtUpper = new bool[m];
        for (int j = 0; j < m; j++) slackAtUpper[j] = !basic[n + j] && value[n + j] >= lp.RowUpper[j];
        return new Result(MaxDuals(), columns, status, iterations, new Basis((int[])basis.Clone(), slackAtUpper));
    }
}
