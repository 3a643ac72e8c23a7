using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

internal static class ValidPixels
{
    /// <summary>
    /// Boolean view of a {0,1} mask. Thresholding at one half (rather than != 0) keeps a mask that was
    /// resized bilinearly somewhere upstream from counting barely-covered border pixels as valid.
    /// </summary>
    public static Tensor FromMask(Tensor mask)
    {
        if (mask.dtype == ScalarType.Bool) return mask.alias();
        // An explicit, disposed Scalar: TorchSharp leaves implicit ones to the finaliser (dotnet/TorchSharp#1434).
        using var half = 0.5.ToScalar();
        return mask.gt(half);
    }
}
