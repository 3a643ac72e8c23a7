using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks;

/// <summary>The shape that broadcasts one value per sample against a batch.</summary>
public static class SampleShape
{
    /// <summary>[<paramref name="count"/>, 1, ..., 1], as many dimensions as <paramref name="like"/>: one value per sample, broadcast over the rest.</summary>
    public static long[] Of(long count, Tensor like) => [count, .. Enumerable.Repeat(1L, (int)like.dim() - 1)];
}
