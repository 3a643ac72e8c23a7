using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks.Reference;

/// <summary>The reference's per-pixel normal comparison: the cosine of the L2-normalised vectors, clipped to [-1, 1].</summary>
internal static class ReferenceNormalCosines
{
    /// <summary>1-D float64 cosines of the scored pixels (mask set, target not zero).</summary>
    public static Tensor Of(Tensor predictionAtLabels, Tensor labels, Tensor mask)
    {
        var predicted = nn.functional.normalize(predictionAtLabels.to_type(ScalarType.Float64), 2, 1);
        var actual = nn.functional.normalize(labels.to_type(ScalarType.Float64), 2, 1);
        using var lowest = (-1).ToScalar();
        using var highest = 1.ToScalar();
        var cosines = (predicted * actual).sum(1, keepdim: true).clamp(lowest, highest);
        return cosines.masked_select(SurfaceNormalTask.ScoredPixels(labels, mask));
    }
}
