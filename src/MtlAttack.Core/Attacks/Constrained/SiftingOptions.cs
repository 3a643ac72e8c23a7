namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// Sizes for <see cref="SiftingLpSolver"/>. They change only the speed, never the answer: sifting stops at the exact
/// LP optimum whatever the working set it starts from.
/// </summary>
public sealed record SiftingOptions
{
    /// <summary>Columns nearest a tie in the first working set; programs with no more (unpinned) columns are solved whole.</summary>
    public int InitialWorkingSet { get; init; } = 32768;

    /// <summary>Columns of the random sample whose LP gives the starting duals.</summary>
    public int SampleColumns { get; init; } = 16384;

    /// <summary>Solve the restricted LPs with GLOP instead of the dual simplex (slower; for cross-checks).</summary>
    public bool UseGlopOnly { get; init; }

    public static SiftingOptions Default { get; } = new();
}
