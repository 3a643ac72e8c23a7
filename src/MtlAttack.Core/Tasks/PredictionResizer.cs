using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// Brings a head's output to its target's spatial size. Heads may predict at a lower resolution than the
/// labels (strided backbones); every loss and metric goes through this one place so all tasks resize alike.
/// </summary>
public static class PredictionResizer
{
    /// <summary>
    /// Bilinear resize (align_corners false, as PyTorch's default for dense heads) of prediction [N,C,h,w]
    /// to the target's H x W. Differentiable. When the size already matches, returns an alias of the
    /// prediction so the caller may dispose the result either way.
    /// </summary>
    public static Tensor ToTargetSize(Tensor prediction, Tensor target) =>
        ToSize(prediction, target.shape[^2], target.shape[^1]);

    public static Tensor ToSize(Tensor prediction, long height, long width)
    {
        if (prediction.dim() != 4)
            throw new ArgumentException($"Predictions must be [N,C,H,W] to be resized, got [{string.Join(",", prediction.shape)}].", nameof(prediction));
        if (prediction.shape[2] == height && prediction.shape[3] == width)
            return prediction.alias();
        return nn.functional.interpolate(prediction, [height, width], mode: InterpolationMode.Bilinear, align_corners: false);
    }

    /// <summary>
    /// Nearest-neighbour resize of any [N,C,H,W] tensor (predictions, labels, masks) to <paramref name="height"/> x
    /// <paramref name="width"/>, as PyTorch's F.interpolate does by default: source index floor(i * in / out). The reference
    /// protocol resizes this way (<see cref="Reference.ReferenceTask"/>). An alias when the size already matches.
    /// </summary>
    public static Tensor Nearest(Tensor values, long height, long width)
    {
        if (values.dim() != 4)
            throw new ArgumentException($"Only [N,C,H,W] tensors are resized, got [{string.Join(",", values.shape)}].", nameof(values));
        if (values.shape[2] == height && values.shape[3] == width)
            return values.alias();
        if (!values.is_floating_point())
            return nn.functional.interpolate(values.to_type(ScalarType.Float64), [height, width], mode: InterpolationMode.Nearest).to_type(values.dtype);
        return nn.functional.interpolate(values, [height, width], mode: InterpolationMode.Nearest);
    }
}
