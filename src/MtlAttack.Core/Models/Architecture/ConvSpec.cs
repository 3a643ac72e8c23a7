using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>How a convolution's weights start.</summary>
public enum ConvInit
{
    /// <summary>PyTorch's default (Kaiming-uniform with a = sqrt(5)), as the reference heads use.</summary>
    TorchDefault,

    /// <summary>Kaiming-normal over fan-out for ReLU, bias zero: the torchvision ResNet initialisation for training from scratch.</summary>
    KaimingFanOut,
}

/// <summary>A 2-D convolution with square kernel, symmetric padding and dilation.</summary>
public sealed record ConvSpec(int InChannels, int OutChannels, int Kernel, int Stride = 1, int Padding = 0, int Dilation = 1, bool Bias = false, ConvInit Init = ConvInit.KaimingFanOut) : LayerSpec
{
    /// <summary>A 3x3 (or k x k) convolution whose padding keeps the size at stride 1, for any dilation.</summary>
    public static ConvSpec Same(int inChannels, int outChannels, int kernel = 3, int stride = 1, int dilation = 1, bool bias = false, ConvInit init = ConvInit.KaimingFanOut) =>
        new(inChannels, outChannels, kernel, stride, dilation * (kernel - 1) / 2, dilation, bias, init);

    public override nn.Module<Tensor, Tensor> Build(Generator generator)
    {
        var conv = nn.Conv2d(InChannels, OutChannels, Kernel, stride: Stride, padding: Padding, dilation: Dilation, bias: Bias);
        // Re-drawn here rather than left to the constructor (which draws from torch's global generator) so that the
        // private generator decides every value.
        using var _ = no_grad();
        int receptiveField = Kernel * Kernel;
        if (Init == ConvInit.KaimingFanOut)
        {
            conv.weight!.normal_(0, Math.Sqrt(2.0 / (OutChannels * receptiveField)), generator);
            conv.bias?.zero_();
        }
        else
        {
            // PyTorch's reset_parameters: kaiming_uniform(a = sqrt 5) is U(-1/sqrt(fan_in), 1/sqrt(fan_in)), bias alike.
            double bound = 1.0 / Math.Sqrt(InChannels * receptiveField);
            conv.weight!.uniform_(-bound, bound, generator);
            conv.bias?.uniform_(-bound, bound, generator);
        }
        return conv;
    }

    public override LayerCost Measure(FeatureShape input)
    {
        if (input.Channels != InChannels)
            throw new InvalidOperationException($"A convolution expecting {InChannels} channels receives {input}.");
        int height = OutputSize(input.Height);
        int width = OutputSize(input.Width);
        long weights = (long)OutChannels * InChannels * Kernel * Kernel;
        long parameters = weights + (Bias ? OutChannels : 0);
        long multiplyAdds = weights * height * width;
        return new LayerCost(parameters, multiplyAdds, new FeatureShape(OutChannels, height, width));
    }

    public override IEnumerable<StateTensor> State() =>
        Bias ? [StateTensor.Float("weight", OutChannels, InChannels, Kernel, Kernel), StateTensor.Float("bias", OutChannels)]
             : [StateTensor.Float("weight", OutChannels, InChannels, Kernel, Kernel)];

    private int OutputSize(int size)
    {
        int output = (size + 2 * Padding - Dilation * (Kernel - 1) - 1) / Stride + 1;
        if (output < 1)
            throw new ArgumentException($"An input of size {size} is too small for a {Kernel}x{Kernel} convolution (stride {Stride}, dilation {Dilation}, padding {Padding}).");
        return output;
    }
}
