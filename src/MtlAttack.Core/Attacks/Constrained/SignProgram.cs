namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// The integer program behind a constrained DGBA step: maximise &lt;c, s&gt; over s in {-1, 0, 1}^n subject to a few
/// <see cref="LinearRow"/>s and optionally an L0 budget sum_i |s_i| &lt;= k. Every row admits s = 0, so the program
/// is always feasible.
/// </summary>
public sealed class SignProgram
{
    public SignProgram(double[] objective, IReadOnlyList<LinearRow>? rows = null, int? maxMovedCoordinates = null)
    {
        ArgumentNullException.ThrowIfNull(objective);
        if (!DenseKernels.AllFinite(objective))
            throw new ArgumentException("The objective's coefficients must be finite numbers.", nameof(objective));
        rows ??= [];
        foreach (var row in rows)
            if (row.Coefficients.Length != objective.Length)
                throw new ArgumentException($"Every row needs {objective.Length} coefficients, one per coordinate; one has {row.Coefficients.Length}.", nameof(rows));
        if (maxMovedCoordinates is < 0)
            throw new ArgumentOutOfRangeException(nameof(maxMovedCoordinates), maxMovedCoordinates, "The L0 budget cannot be negative.");
        Objective = objective;
        Rows = rows;
        MaxMovedCoordinates = maxMovedCoordinates;
    }

    /// <summary>c, one coefficient per coordinate.</summary>
    public double[] Objective { get; }

    public IReadOnlyList<LinearRow> Rows { get; }

    /// <summary>k of the L0 budget sum_i |s_i| &lt;= k, or null for none.</summary>
    public int? MaxMovedCoordinates { get; }

    public int Length => Objective.Length;

    /// <summary>&lt;c, s&gt;.</summary>
    public double Value(ReadOnlySpan<sbyte> signs)
    {
        double value = 0;
        for (int i = 0; i < signs.Length; i++) value += Objective[i] * signs[i];
        return value;
    }
}
