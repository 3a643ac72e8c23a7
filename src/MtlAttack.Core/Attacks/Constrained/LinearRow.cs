namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// One side condition Lower &lt;= &lt;Coefficients, s&gt; &lt;= Upper of a <see cref="SignProgram"/>. Either bound may be
/// infinite. The range must contain 0, so that s = 0 (not moving) satisfies every row and every program is feasible.
/// </summary>
public sealed record LinearRow
{
    public LinearRow(double[] coefficients, double lower, double upper)
    {
        ArgumentNullException.ThrowIfNull(coefficients);
        if (double.IsNaN(lower) || double.IsNaN(upper) || lower > 0 || upper < 0)
            throw new ArgumentOutOfRangeException(nameof(lower), $"A row's range [{lower}, {upper}] must contain 0, so that not moving is always feasible.");
        if (!DenseKernels.AllFinite(coefficients))
            throw new ArgumentException("A row's coefficients must be finite numbers.", nameof(coefficients));
        Coefficients = coefficients;
        Lower = lower;
        Upper = upper;
    }

    public double[] Coefficients { get; }
    public double Lower { get; }
    public double Upper { get; }

    /// <summary>|&lt;b, s&gt;| &lt;= bound.</summary>
    public static LinearRow Symmetric(double[] coefficients, double bound) => new(coefficients, -bound, bound);

    /// <summary>&lt;b, s&gt; &gt;= 0.</summary>
    public static LinearRow NonNegative(double[] coefficients) => new(coefficients, 0, double.PositiveInfinity);
}
