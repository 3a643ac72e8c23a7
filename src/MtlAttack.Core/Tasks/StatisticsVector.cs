using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

internal static class StatisticsVector
{
    /// <summary>Counts and sums (0-dim or 1-D tensors of any numeric type) concatenated as one float64 vector.</summary>
    public static Tensor Of(params Tensor[] parts) =>
        cat(parts.Select(p => p.to_type(ScalarType.Float64).reshape(-1)).ToArray(), 0);

    /// <summary>Number of true entries of a bool tensor, as a 1-element tensor (no host sync).</summary>
    public static Tensor CountOf(Tensor condition) => condition.sum().reshape(1);

    /// <summary>Number of elements strictly below <paramref name="threshold"/>, as a 1-element tensor (no host sync).</summary>
    public static Tensor CountBelow(Tensor values, double threshold)
    {
        using var bound = threshold.ToScalar();
        return CountOf(values.lt(bound));
    }

    /// <summary>Number of elements at most <paramref name="threshold"/> (the reference protocol's thresholds use &lt;=), as a 1-element tensor.</summary>
    public static Tensor CountAtMost(Tensor values, double threshold)
    {
        using var bound = threshold.ToScalar();
        return CountOf(values.le(bound));
    }

    /// <summary>Number of elements as a 1-element float64 tensor on the device of <paramref name="like"/>.</summary>
    public static Tensor NumelOf(Tensor like) => tensor(new double[] { like.numel() }, device: like.device);
}
