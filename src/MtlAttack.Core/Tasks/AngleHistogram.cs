using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// Histogram of angular errors, one bin per multiple of <see cref="BinWidthDegrees"/> from 0 to 180 degrees,
/// from which the median is read. A histogram rather than the list of angles keeps the statistics additive
/// and of fixed size.
///
/// What "exact" means here: bin b holds the angles that round to b * 0.01 degrees (to the nearest
/// multiple, halves up). Rounding is monotone, so the bins' cumulative counts locate the middle order
/// statistics exactly, and the reported median is exactly np.median of the angles rounded to 0.01 degree
/// (the mean of the two middle values when the count is even). It is therefore within
/// <see cref="MaxMedianErrorDegrees"/> (0.005 degrees) of np.median of the unrounded angles, and equal to it
/// when those middle angles are multiples of 0.01. Nothing is interpolated within or between bins.
/// </summary>
internal static class AngleHistogram
{
    public const double BinWidthDegrees = 0.01;
    public const int BinCount = 18001;
    public const double MaxMedianErrorDegrees = BinWidthDegrees / 2;

    /// <summary>Counts per bin (int64, on the device) of 1-D angles in degrees (0..180).</summary>
    public static Tensor Count(Tensor anglesDegrees)
    {
        // Explicit, disposed Scalars: TorchSharp leaves implicit ones to the finaliser, which can race libtorch (dotnet/TorchSharp#1434).
        using var binsPerDegree = (1.0 / BinWidthDegrees).ToScalar();
        using var half = 0.5.ToScalar();
        using var firstBin = 0.ToScalar();
        using var lastBin = (BinCount - 1).ToScalar();
        return anglesDegrees.mul(binsPerDegree).add(half).floor().clamp(firstBin, lastBin).to_type(ScalarType.Int64).bincount(null, BinCount);
    }

    /// <summary>Median from bin counts as described on the class; NaN when the histogram is empty.</summary>
    public static double Median(ReadOnlySpan<double> counts)
    {
        double total = 0;
        foreach (double c in counts) total += c;
        if (total <= 0) return double.NaN;
        double lowerRank = Math.Floor((total - 1) / 2), upperRank = Math.Floor(total / 2);
        return (BinHoldingRank(counts, lowerRank) + BinHoldingRank(counts, upperRank)) * BinWidthDegrees / 2;
    }

    private static int BinHoldingRank(ReadOnlySpan<double> counts, double zeroBasedRank)
    {
        double seen = 0;
        for (int bin = 0; bin < counts.Length; bin++)
        {
            seen += counts[bin];
            if (seen > zeroBasedRank) return bin;
        }
        return counts.Length - 1;
    }
}
