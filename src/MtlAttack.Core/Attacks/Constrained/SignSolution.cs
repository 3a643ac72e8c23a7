namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>How a <see cref="SignSolution"/> was reached, from the cheapest and most exact path down.</summary>
public enum SignSolvePath
{
    /// <summary>No rows: sign(c), or the k largest |c_i| for an L0 budget alone. Exact.</summary>
    ClosedForm,
    /// <summary>Exact LP optimum, its (at most as many as rows) fractional coordinates rounded by enumeration.</summary>
    Rounded,
    /// <summary>No rounding alone was feasible; one or two more coordinates near a tie were changed as well.</summary>
    Repaired,
    /// <summary>No repaired rounding was feasible either; coordinates that stayed fractional were pinned to 0 and the LP re-solved.</summary>
    Dived,
    /// <summary>Pinning did not help either; coordinates were zeroed greedily, cheapest first, until feasible, then polished.</summary>
    Greedy,
    /// <summary>Last resort: s = 0, feasible by construction, polished by single and pair moves (or left at 0 if the LP solvers failed).</summary>
    Zero,
}

/// <summary>
/// A solution of a <see cref="SignProgram"/>: the signs (always feasible), their value &lt;c, s&gt;, and the LP
/// relaxation's optimum, an upper bound on the integer optimum, so Value &lt;= integer optimum &lt;= LpBound.
/// </summary>
public sealed record SignSolution(sbyte[] Signs, double Value, double LpBound, SignSolvePath Path)
{
    /// <summary>Coordinates the LP left fractional before rounding (at most the number of rows, L0 budget included).</summary>
    public int FractionalCoordinates { get; init; }

    /// <summary>Whether some rounding of every fractional coordinate to an adjacent integer was feasible (then Value &gt;= LpBound - sum of their |c_i|).</summary>
    public bool NearestRoundingFeasible { get; init; }

    /// <summary>LPs solved: the starting sample's and one per sifting round (and per dive).</summary>
    public int LpSolves { get; init; }

    /// <summary>Columns in the final working set of the sifting.</summary>
    public int WorkingSetColumns { get; init; }
}
