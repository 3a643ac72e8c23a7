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
        var expandedWeights = weights.expand_as(values);
        // Explicit, disposed Scalars: TorchSharp leaves implicit ones to the finaliser, which can race libtorch (dotnet/TorchSharp#1434).
        using var zero = 0.ToScalar();
        var weighted = (values * expandedWeights).masked_fill(expandedWeights.le(zero), zero);
        var numerator = weighted.flatten(1).sum(1);
        var denominator = expandedWeights.flatten(1).sum(1);
        var safeDenominator = where(denominator.gt(zero), denominator, ones_like(denominator));
        return numerator / safeDenominator;
    }
}
