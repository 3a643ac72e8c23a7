namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// An optimal basic solution of a <see cref="BoxLp"/> (in its scaled units) with the row duals that certify it:
/// every column's reduced cost agrees in sign with where it sits (at its upper bound r &gt;= 0, at its lower r &lt;= 0,
/// strictly between only when basic, r = 0).
/// </summary>
internal sealed record LpSolution(double[] Columns, double[] Duals, double[] ReducedCosts, double Objective)
{
    /// <summary>Restricted LPs solved, the starting sample's included.</summary>
    public int LpSolves { get; init; }

    /// <summary>The final working set: the columns nearest a tie, the only ones worth changing when repairing a rounding.</summary>
    public IReadOnlyList<int> WorkingSet { get; init; } = [];
}
