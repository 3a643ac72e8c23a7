namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// Solves a <see cref="SignProgram"/>, one sample's step, and always returns a feasible point.
/// <list type="number">
/// <item>No rows: a closed form (sign(c), or the k largest |c_i| under an L0 budget alone).</item>
/// <item>The exact LP optimum (<see cref="SiftingLpSolver"/>): basic, so at most (rows) coordinates fractional.
/// Coordinates with zero gradients everywhere are pinned at 0 first, as sign(0) = 0 would leave them.</item>
/// <item>Those rounded by enumeration (<see cref="FractionalRounding"/>); if no rounding is feasible, which needs a
/// row's range narrow next to single coefficients, repaired by one or two more changes near a tie.</item>
/// <item>Failing that, the fractional coordinates pinned to 0 and the LP re-solved from the same duals, up to
/// <see cref="MaxDives"/> times; then the better of a greedy repair and s = 0.</item>
/// </list>
/// Every integer point found is polished by single and pair moves (<see cref="LocalAscent"/>). Thread-safe, so
/// samples can be solved in parallel.
/// </summary>
public static class SignProgramSolver
{
    /// <summary>LP re-solves with more coordinates pinned to 0 before the last resorts.</summary>
    public const int MaxDives = 8;

    public static SignSolution Solve(SignProgram program, SiftingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(program);
        var c = program.Objective;
        if (DenseKernels.MaxAbs(c) == 0 || program.MaxMovedCoordinates == 0) return ClosedForm(program, new sbyte[program.Length]);
        if (!program.Rows.Any(r => DenseKernels.MaxAbs(r.Coefficients) > 0))
            return ClosedForm(program, TopKSigns.Solve(c, program.MaxMovedCoordinates ?? c.Length));

        var lp = BoxLp.From(program);
        var pinned = lp.InertColumns();
        var relaxation = SiftingLpSolver.Solve(lp, pinned, options: options);
        if (relaxation is null) return new SignSolution(new sbyte[program.Length], 0, double.NaN, SignSolvePath.Zero);
        double lpBound = relaxation.Objective / lp.CostScale;
        int fractional = 0, solves = relaxation.LpSolves;

        var current = relaxation;
        double[]? columns = null;
        var path = SignSolvePath.Zero;
        // A later rounding is tried only when the first failed, and a failed rounding has no nearest rounding feasible.
        bool nearestFeasible = false;
        for (int dive = 0; dive <= MaxDives; dive++)
        {
            var rounding = FractionalRounding.Round(lp, current);
            if (dive == 0) (fractional, nearestFeasible) = (rounding.Fractional.Count, rounding.NearestFeasible);
            if (rounding.Columns is not null)
            {
                (columns, path) = (rounding.Columns, dive > 0 ? SignSolvePath.Dived : rounding.Repaired ? SignSolvePath.Repaired : SignSolvePath.Rounded);
                LocalAscent.Improve(lp, columns, current.WorkingSet, current.ReducedCosts);
                break;
            }
            if (dive == MaxDives || rounding.Fractional.Count == 0) break;
            foreach (int i in rounding.Fractional) pinned[i] = true;
            var next = SiftingLpSolver.Solve(lp, pinned, current.Duals, options);
            if (next is null) break;
            solves += next.LpSolves;
            current = next;
        }
        if (columns is null) (columns, path) = LastResort(lp, current);

        var signs = lp.ToSigns(columns);
        return new SignSolution(signs, program.Value(signs), lpBound, path)
        {
            FractionalCoordinates = fractional,
            NearestRoundingFeasible = nearestFeasible,
            LpSolves = solves,
            WorkingSetColumns = current.WorkingSet.Count,
        };
    }

    /// <summary>The exact LP relaxation's optimum, as coordinates s in [-1, 1]^n, and its value &lt;c, s&gt;.</summary>
    public static (double[] Coordinates, double Value) SolveRelaxation(SignProgram program, SiftingOptions? options = null)
    {
        var lp = BoxLp.From(program);
        var solution = SiftingLpSolver.Solve(lp, options: options) ?? throw new InvalidOperationException("Both LP solvers failed on the relaxation.");
        var s = new double[program.Length];
        for (int i = 0; i < s.Length; i++)
            s[i] = lp.SplitsSigns ? solution.Columns[i] - solution.Columns[program.Length + i] : solution.Columns[i];
        return (s, solution.Objective / lp.CostScale);
    }

    /// <summary>
    /// The better of two points, both polished: the last LP point with its fractional columns at 0, zeroed greedily
    /// until feasible, and s = 0 itself (feasible by construction).
    /// </summary>
    private static (double[] Columns, SignSolvePath Path) LastResort(BoxLp lp, LpSolution current)
    {
        var start = new double[lp.Columns];
        for (int i = 0; i < start.Length; i++)
        {
            double nearest = Math.Round(current.Columns[i]);
            start[i] = Math.Abs(current.Columns[i] - nearest) > FractionalRounding.IntegralityTolerance ? 0 : nearest;
        }
        var fromZero = new double[lp.Columns];
        LocalAscent.Improve(lp, fromZero, current.WorkingSet, current.ReducedCosts);
        var repaired = GreedyZeroing.Repair(lp, start, current.ReducedCosts);
        if (repaired is null) return (fromZero, SignSolvePath.Zero);
        LocalAscent.Improve(lp, repaired, current.WorkingSet, current.ReducedCosts);
        return DenseKernels.Dot(lp.Cost, repaired) > DenseKernels.Dot(lp.Cost, fromZero)
            ? (repaired, SignSolvePath.Greedy)
            : (fromZero, SignSolvePath.Zero);
    }

    private static SignSolution ClosedForm(SignProgram program, sbyte[] signs)
    {
        double value = program.Value(signs);
        return new SignSolution(signs, value, value, SignSolvePath.ClosedForm);
    }
}
