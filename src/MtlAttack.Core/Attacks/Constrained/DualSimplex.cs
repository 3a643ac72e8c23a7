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
/// round-off does not accumulate. Cost per iteration: a few O(n m) passes.
/// </para>
/// </summary>
internal static class DualSimplex
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
        var state = new DualSimplexState(lp, start);
        for (int iteration = 0; iteration < maxIterations; iteration++)
        {
            if (iteration > 0 && !state.Invert()) return state.Result(Outcome.Stopped, iteration);
            state.ComputeDuals();
            if (iteration == 0) state.PlaceNonbasicColumns();
            state.ComputeBasicValues();
            var (leaving, infeasibility) = state.MostInfeasible();
            if (leaving < 0) return state.Result(Outcome.Optimal, iteration);
            if (!state.Pivot(leaving, infeasibility)) return state.Result(Outcome.Infeasible, iteration);
        }
        return state.Result(Outcome.Stopped, maxIterations);
    }
}
