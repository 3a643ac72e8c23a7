using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>2-D max pooling; ceil mode as in the DeepLab ResNet stem (321 -> 161 -> 81).</summary>
public sealed record MaxPoolSpec(int Kernel, int Stride, int Padding, bool CeilMode) : LayerSpec
{
    public override nn.Module<Tensor, Tensor> Build(Generator generator) => nn.MaxPool2d(Kernel, Stride, Padding, ceil_mode: CeilMode);

    public override LayerCost Measure(FeatureShape input) =>
        new(0, 0, input with { Height = OutputSize(input.Height), Width = OutputSize(input.Width) });

    public override IEnumerable<StateTensor> State() => [];

    // PyTorch's pooling_output_shape: in ceil mode the last window must still start inside the (left-padded) input.
    private int OutputSize(int size)
    {
        int span = size + 2 * Padding - (Kernel - 1) - 1;
        int output = (CeilMode ? (span + Stride - 1) / Stride : span / Stride) + 1;
        if (CeilMode && (output - 1) * Stride >= size + Padding) output--;
        if (output < 1) throw new ArgumentException($"An input of size {size} is too small for a {Kernel}x{Kernel} max pool.");
        return output;
    }
}
