using Google.OrTools.LinearSolver;

namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// Solves a <see cref="BoxLp"/> whole with GLOP (OR-Tools): the restricted LPs of sifting when the dual simplex stops
/// short, all of them for cross-checks, and the whole LP that <c>bench --solver</c> times against sifting. Dual simplex
/// without presolve: the columns start at the bound their cost favours (dual feasible), so the simplex only has to
/// repair the few rows, a handful of pivots, where primal simplex would pivot each boxed column to its other bound one
/// at a time; and the answer is a basic solution, which is what bounds the number of fractional columns by the number
/// of rows.
/// </summary>
internal static class GlopLp
{
    public sealed record Result(bool Optimal, double[] Values, double[] Duals);

    public static Result Solve(BoxLp lp)
    {
        int count = lp.Columns;
        using var solver = Solver.CreateSolver("GLOP") ?? throw new InvalidOperationException("OR-Tools could not create the GLOP solver.");
        var constraints = new Constraint[lp.RowCount];
        for (int j = 0; j < constraints.Length; j++) constraints[j] = solver.MakeConstraint(lp.RowLower[j], lp.RowUpper[j], "");
        var objective = solver.Objective();
        var variables = new Variable[count];
        for (int i = 0; i < count; i++)
        {
            var v = solver.MakeNumVar(lp.ColumnLower, BoxLp.ColumnUpper, "");
            variables[i] = v;
            objective.SetCoefficient(v, lp.Cost[i]);
            for (int j = 0; j < constraints.Length; j++)
            {
                double b = lp.Rows[j][i];
                if (b != 0) constraints[j].SetCoefficient(v, b);
            }
        }
        objective.SetMaximization();

        using var parameters = new MPSolverParameters();
        parameters.SetIntegerParam(MPSolverParameters.IntegerParam.LP_ALGORITHM, (int)MPSolverParameters.LpAlgorithmValues.DUAL);
        parameters.SetIntegerParam(MPSolverParameters.IntegerParam.PRESOLVE, (int)MPSolverParameters.PresolveValues.PRESOLVE_OFF);
        if (solver.Solve(parameters) != Solver.ResultStatus.OPTIMAL) return new Result(false, [], []);

        var values = variables.Select(v => v.SolutionValue()).ToArray();
        // MPSolver's duals satisfy reduced cost = cost - sum_j dual_j * row_j for the problem as stated (maximisation).
        var duals = constraints.Select(c => c.DualValue()).ToArray();
        return new Result(true, values, duals);
    }
}
