using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

internal static class PerSampleMean
{
    /// <summary>
    /// Weighted mean of <paramref name="values"/> [N,...] over each sample: sum(w * v) / sum(w), with
    /// weights [N,1 or C,H,W] broadcast over the value channels. Pixels with weight 0 contribute nothing, even
    /// when their value is NaN or infinite (e.g. an ignored label's log-probability), and a sample whose
    /// weights are all 0 gets loss 0 with a zero (not NaN) gradient, because the denominator is replaced
    /// by 1 before dividing instead of dividing first and masking afterwards.
    /// </summary>
    public static Tensor Weighted(Tensor values, Tensor weights)
    {
        var (numerator, expandedWeights) = WeightedSums(values, weights);
        return numerator / SafeDenominator(expandedWeights.flatten(1).sum(1));
    }

    /// <summary>
    /// Each sample's share of the batch's pooled weighted mean, times the batch size: N * sum_i(w * v) / sum(w), the sum
    /// in the denominator over every sample. The shares' mean is the pooled mean; zeros when no weight is positive.
    /// </summary>
    public static Tensor PooledShares(Tensor values, Tensor weights)
    {
        var (numerator, expandedWeights) = WeightedSums(values, weights);
        using var batchSize = values.shape[0].ToScalar();
        return numerator.mul(batchSize) / SafeDenominator(expandedWeights.sum());
    }

    /// <summary>sum(w * v) per sample, with pixels of weight 0 contributing 0 even where v is not finite; and the weights expanded to v.</summary>
    private static (Tensor Numerator, Tensor ExpandedWeights) WeightedSums(Tensor values, Tensor weights)
    {
        var expandedWeights = weights.expand_as(values);
        // Explicit, disposed Scalars: TorchSharp leaves implicit ones to the finaliser, which can race libtorch (dotnet/TorchSharp#1434).
        using var zero = 0.ToScalar();
        var weighted = (values * expandedWeights).masked_fill(expandedWeights.le(zero), zero);
        return (weighted.flatten(1).sum(1), expandedWeights);
    }

    /// <summary>The denominator with 0 replaced by 1, so that dividing gives 0 and a zero (not NaN) gradient.</summary>
    private static Tensor SafeDenominator(Tensor denominator)
    {
        using var zero = 0.ToScalar();
        return where(denominator.gt(zero), denominator, ones_like(denominator));
    }
}
