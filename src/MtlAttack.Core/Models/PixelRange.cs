using MtlAttack.Core.Datasets;

namespace MtlAttack.Core.Models;

/// <summary>
/// Valid input values per channel, in the model's input units (mean-subtracted 0..255 pixels): attacks clip to it.
/// </summary>
public sealed record PixelRange(double[] Min, double[] Max)
{
    /// <summary>[-mean_c, 255 - mean_c] for every channel.</summary>
    public static PixelRange Of(ImageNormalization normalization)
    {
        ArgumentNullException.ThrowIfNull(normalization);
        return new(
            Enumerable.Range(0, normalization.Mean.Length).Select(normalization.PixelMin).ToArray(),
            Enumerable.Range(0, normalization.Mean.Length).Select(normalization.PixelMax).ToArray());
    }

    public bool Equals(PixelRange? other) => other is not null && Min.SequenceEqual(other.Min) && Max.SequenceEqual(other.Max);

    public override int GetHashCode() => HashCode.Combine(Min.Length, Min.FirstOrDefault(), Max.FirstOrDefault());
}
