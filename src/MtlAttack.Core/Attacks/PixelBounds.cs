using MtlAttack.Core.Datasets;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks;

/// <summary>
/// The valid input range per channel in the model's (mean-subtracted) pixel units, into which every attack step is
/// clipped after its projection onto the epsilon-ball (<see cref="Threats.ThreatModel.Project"/>).
/// </summary>
public sealed class PixelBounds(double[] min, double[] max)
{
    public IReadOnlyList<double> Min { get; } = min;
    public IReadOnlyList<double> Max { get; } = max;

    public static PixelBounds From(ImageNormalization normalization) =>
        new(normalization.Mean.Select(m => -m).ToArray(), normalization.Mean.Select(m => 255.0 - m).ToArray());

    /// <summary>Shapes [1,C,1,1] for broadcasting against [N,C,H,W].</summary>
    public (Tensor Min, Tensor Max) AsTensors(Device device, ScalarType dtype) =>
        (tensor(Min.ToArray(), dtype: dtype, device: device).reshape(1, -1, 1, 1),
         tensor(Max.ToArray(), dtype: dtype, device: device).reshape(1, -1, 1, 1));

    /// <summary>Clips into the pixel range only.</summary>
    public Tensor Clip(Tensor x)
    {
        var (lo, hi) = AsTensors(x.device, x.dtype);
        return x.maximum(lo).minimum(hi);
    }
}
