namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// Exact LP optimum of a <see cref="BoxLp"/> with hundreds of thousands of columns and a few rows, by sifting
/// (column generation over a working set).
/// <para>
/// For row duals y, a column's reduced cost r_i = cost_i - b_i . y says where it belongs: at its upper bound when
/// r_i &gt; 0, at its lower when r_i &lt; 0; only columns with r_i = 0 can sit in between. So with good duals almost
/// every column is decided. Columns outside the working set W are fixed at the bound their reduced cost picked, and
/// the small LP over W is solved exactly (<see cref="DualSimplex"/>, warm-started from the previous round's basis;
/// GLOP should it stop). Its duals give new reduced costs; a fixed column whose sign now disagrees with where it was
/// fixed is a violator and joins W. When none is left, the combined point is primal feasible, every column satisfies
/// the reduced-cost sign condition, and complementary slackness holds on the rows (optimality on W): the exact LP
/// optimum, and a basic one, since every fixed column is nonbasic at a bound.
/// </para>
/// <para>
/// The fixed columns enter the LP over W as one aggregate column: their joint contribution (to the objective and to
/// each row) times a factor t in the same box as every column. t = 1 is the columns as fixed; t = 0 or below moves
/// them all towards 0, which stays inside the box. So the LP over W is always feasible (t = 0 and x_W = 0 is s = 0),
/// however poorly the fixed columns were chosen; an optimum with t &lt; 1 says they as a group are worth less than
/// fixed, and their violators join W. Only t = 1 with no violator is accepted.
/// </para>
/// <para>
/// Starting duals come from the same LP on a random sample of the columns with row bounds scaled by the sample's
/// share (a row's activity is a sum over columns), or from the caller when re-solving with more columns pinned; the
/// first W holds the columns nearest a tie under them. W only grows, so the method terminates (at worst with W = all
/// columns).
/// </para>
/// </summary>
internal static class SiftingLpSolver
{
    /// <summary>How close to 1 the aggregate's factor must be for the fixed columns to count as fixed.</summary>
    private const double AggregateTolerance = 1e-9;

    /// <summary>Iterations allowed to one dual simplex solve before GLOP takes over (a few per row is usual).</summary>
    private const int DualSimplexIterations = 200;

    /// <summary>
    /// The LP optimum with the columns marked in <paramref name="pinned"/> fixed at 0, or null when both inner solvers
    /// fail (the LP is feasible, x = 0, and bounded, so that would be a numerical failure).
    /// </summary>
    public static LpSolution? Solve(BoxLp lp, bool[]? pinned = null, double[]? startDuals = null, SiftingOptions? options = null)
    {
        options ??= SiftingOptions.Default;
        int n = lp.Columns;
        pinned ??= new bool[n];
        int free = pinned.Count(p => !p);

        if (free <= options.InitialWorkingSet) return SolveWhole(lp, pinned, options);

        var working = new WorkingSet(n);
        int solves = 0;
        double[] duals;
        DualSimplex.Basis? sampleBasis = null;
        if (startDuals is not null) duals = (double[])startDuals.Clone();
        else (duals, sampleBasis, solves) = SampleDuals(lp, pinned, free, options);

        var reduced = new double[n];
        lp.ReducedCosts(duals, reduced);
        working.AddNearestTies(reduced, pinned, options.InitialWorkingSet);
        var basis = sampleBasis is null ? null : working.Adopt(sampleBasis);

        // Outside W every column sits where its reduced cost puts it; inside W (and pinned) the value here is 0.
        var fixedValues = new double[n];
        for (int i = 0; i < n; i++)
            if (!pinned[i] && !working.Contains(i)) fixedValues[i] = FavouredBound(lp, reduced[i]);
        int growth = working.Count;

        while (true)
        {
            var aggregate = (Cost: DenseKernels.Dot(lp.Cost, fixedValues), Rows: lp.RowActivities(fixedValues));
            var restricted = lp.Restrict(working.Columns, lp.RowLower, lp.RowUpper, aggregate);
            var (status, values, newDuals, newBasis) = SolveRestricted(restricted, basis, options);
            solves++;
            int previous = working.Count;
            if (status != DualSimplex.Outcome.Optimal)
            {
                // Cannot happen for an LP that t = 0, x_W = 0 satisfies, short of numerical failure: widen W and retry.
                if (working.Count == free) return null;
                working.AddNearestTies(reduced, pinned, growth);
                growth *= 2;
            }
            else
            {
                duals = newDuals;
                lp.ReducedCosts(duals, reduced);
                double tolerance = ReducedCostTolerance(duals);
                for (int i = 0; i < n; i++)
                    if (!pinned[i] && !working.Contains(i) && !Agrees(lp, fixedValues[i], reduced[i], tolerance)) working.Add(i);
                // With nothing fixed outside W the aggregate is a zero column and its factor means nothing.
                bool fixedAsFixed = working.Count == free || values[^1] >= BoxLp.ColumnUpper - AggregateTolerance;
                if (working.Count == previous && fixedAsFixed)
                    return Solution(lp, fixedValues, working.Columns, values, duals, reduced, solves);
                // The fixed columns are held back as a group although each agrees with the duals: only ties can do
                // that (their reduced costs sum to zero); free the nearest ones.
                if (working.Count == previous)
                {
                    working.AddNearestTies(reduced, pinned, growth);
                    growth *= 2;
                }
            }
            for (int k = previous; k < working.Count; k++) fixedValues[working[k]] = 0;
            basis = newBasis is null ? null : working.Relabel(newBasis, previous);
        }
    }

    /// <summary>
    /// An LP no larger than a first working set, solved over all its free columns at once: no sample, no aggregate, no
    /// rounds. <c>bench --solver</c> measured the sifting rounds 1.7 to 7 times slower than this at 3x64x64.
    /// </summary>
    private static LpSolution? SolveWhole(BoxLp lp, bool[] pinned, SiftingOptions options)
    {
        var columns = Enumerable.Range(0, lp.Columns).Where(i => !pinned[i]).ToList();
        var (status, values, duals, _) = SolveRestricted(lp.Restrict(columns, lp.RowLower, lp.RowUpper), basis: null, options);
        if (status != DualSimplex.Outcome.Optimal) return null;
        var reduced = new double[lp.Columns];
        lp.ReducedCosts(duals, reduced);
        return Solution(lp, new double[lp.Columns], columns, values, duals, reduced, solves: 1);
    }

    /// <summary>
    /// The optimum: the restricted LP's <paramref name="values"/> written into <paramref name="x"/> at their
    /// <paramref name="columns"/> (every other column already where it belongs), with the duals that certify it.
    /// </summary>
    private static LpSolution Solution(BoxLp lp, double[] x, IReadOnlyList<int> columns, double[] values, double[] duals, double[] reduced, int solves)
    {
        for (int k = 0; k < columns.Count; k++) x[columns[k]] = Math.Clamp(values[k], lp.ColumnLower, BoxLp.ColumnUpper);
        return new LpSolution(x, duals, reduced, DenseKernels.Dot(lp.Cost, x)) { LpSolves = solves, WorkingSet = columns };
    }

    /// <summary>The LP over W and the aggregate: the dual simplex from the given basis, GLOP when it stops short.</summary>
    private static (DualSimplex.Outcome Status, double[] Values, double[] Duals, DualSimplex.Basis? Basis) SolveRestricted(
        BoxLp restricted, DualSimplex.Basis? basis, SiftingOptions options)
    {
        if (!options.UseGlopOnly)
        {
            var result = DualSimplex.Solve(restricted, DualSimplexIterations, basis);
            if (result.Status != DualSimplex.Outcome.Stopped) return (result.Status, result.Columns, result.Duals, result.FinalBasis);
        }
        var glop = GlopLp.Solve(restricted);
        return (glop.Optimal ? DualSimplex.Outcome.Optimal : DualSimplex.Outcome.Infeasible, glop.Values, glop.Duals, null);
    }

    /// <summary>
    /// Duals (and the optimal basis) of the LP on a random sample of the free columns, row bounds scaled by the
    /// sample's share: the dual function is a sum over columns, so the sample's minimiser approximates the full one.
    /// </summary>
    private static (double[] Duals, DualSimplex.Basis? Basis, int Solves) SampleDuals(BoxLp lp, bool[] pinned, int free, SiftingOptions options)
    {
        int size = Math.Min(options.SampleColumns, free);
        // Distinct free columns at random (seeded by their count, so solves repeat exactly): rejection is cheap while
        // the sample is a small share of the columns.
        var random = new Random(free);
        var chosen = new HashSet<int>(size);
        var sample = new int[size];
        for (int k = 0; k < size;)
        {
            int i = random.Next(lp.Columns);
            if (!pinned[i] && chosen.Add(i)) sample[k++] = i;
        }
        // A row's activity is a sum over columns, so on a fair sample it scales with the sample's share.
        double share = (double)size / free;
        var sub = lp.Restrict(sample, lp.RowLower.Select(b => b * share).ToArray(), lp.RowUpper.Select(b => b * share).ToArray());
        if (options.UseGlopOnly)
        {
            var glop = GlopLp.Solve(sub);
            return (glop.Optimal ? glop.Duals : new double[lp.RowCount], null, 1);
        }
        var result = DualSimplex.Solve(sub, DualSimplexIterations);
        if (result.Status == DualSimplex.Outcome.Stopped) return (result.Duals, null, 1);
        // The sample's basis in the numbering of the whole LP: its columns are columns of the whole LP.
        var variables = result.FinalBasis.Variables.Select(v => v < size ? sample[v] : lp.Columns + (v - size)).ToArray();
        return (result.Duals, new DualSimplex.Basis(variables, result.FinalBasis.SlackAtUpper), 1);
    }

    /// <summary>Reduced costs carry round-off of about machine epsilon times the duals' size (cost and rows are at most 1).</summary>
    private static double ReducedCostTolerance(ReadOnlySpan<double> duals)
    {
        double size = 1;
        foreach (var y in duals) size += Math.Abs(y);
        return 1e-9 * size;
    }

    private static double FavouredBound(BoxLp lp, double reducedCost) =>
        reducedCost > 0 ? BoxLp.ColumnUpper : reducedCost < 0 ? lp.ColumnLower : Math.Max(lp.ColumnLower, 0);

    private static bool Agrees(BoxLp lp, double value, double reducedCost, double tolerance)
    {
        if (value >= BoxLp.ColumnUpper) return reducedCost >= -tolerance;
        if (value <= lp.ColumnLower) return reducedCost <= tolerance;
        return Math.Abs(reducedCost) <= tolerance;
    }
}
