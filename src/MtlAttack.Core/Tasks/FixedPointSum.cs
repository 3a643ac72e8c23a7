using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// Sums of real-valued per-pixel statistics (absolute errors, angles) kept as integer numbers of a fixed
/// quantum. Every pixel's value is rounded to the nearest multiple of the quantum before summing, so every
/// partial sum is an integer and float64 adds integers below 2^53 without rounding. Hence a statistic
/// is the same whatever the batch size, shard layout or merge order: merging is exact, not merely
/// close, and a resumed evaluation reproduces its report to the last bit. The price is a per-pixel
/// rounding of at most half a quantum, which bounds the error of a mean by half a quantum as well.
/// Exactness holds while a sum stays below 2^53 quanta; past that float64 rounds (relative 1e-16), it does not overflow.
/// </summary>
internal static class FixedPointSum
{
    /// <summary>2^-20 (about 9.5e-7) target units for errors: exact while the summed error stays below 2^33 (8.6e9) units.</summary>
    public const double ErrorQuantum = 1.0 / (1 << 20);

    /// <summary>2^-16 (about 1.5e-5) degrees for angles: exact for up to 7.6e8 pixels even if every one is 180 degrees off.</summary>
    public const double AngleQuantum = 1.0 / (1 << 16);

    /// <summary>The sum of <paramref name="values"/> in quanta, as a 1-element float64 tensor holding an integer.</summary>
    public static Tensor InQuanta(Tensor values, double quantum)
    {
        // quantum is a power of two, so scaling by its inverse is exact in float64.
        using var quantaPerUnit = (1.0 / quantum).ToScalar();
        return values.to_type(ScalarType.Float64).mul(quantaPerUnit).round().sum().reshape(1);
    }
}
