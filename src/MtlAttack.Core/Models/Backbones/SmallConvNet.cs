using MtlAttack.Core.Models.Architecture;

namespace MtlAttack.Core.Models.Backbones;

/// <summary>
/// A small, fast backbone for CPU runs on 64x64 images: five conv-bn-relu blocks (stem and layer1 strided, layer3
/// and layer4 dilated) at output stride 4, so a 64x64 image gives 16x16 features with a receptive field that covers
/// the whole image. Each task's head is conv3x3-bn-relu then a 1x1 classifier.
/// </summary>
public sealed class SmallConvNet : Backbone
{
    private static readonly int[] Widths = [16, 32, 48, 64, 64];
    private const int HeadWidth = 32;

    private SmallConvNet()
    {
        Blocks =
        [
            new SequenceSpec(ConvBnRelu(3, Widths[0], stride: 2, dilation: 1)),
            new SequenceSpec(new NamedLayer("layer1", new SequenceSpec(ConvBnRelu(Widths[0], Widths[1], stride: 2, dilation: 1)))),
            new SequenceSpec(new NamedLayer("layer2", new SequenceSpec(ConvBnRelu(Widths[1], Widths[2], stride: 1, dilation: 1)))),
            new SequenceSpec(new NamedLayer("layer3", new SequenceSpec(ConvBnRelu(Widths[2], Widths[3], stride: 1, dilation: 2)))),
            new SequenceSpec(new NamedLayer("layer4", new SequenceSpec(ConvBnRelu(Widths[3], Widths[4], stride: 1, dilation: 4)))),
        ];
    }

    public static SmallConvNet Instance { get; } = new();

    public override string Name => "small";

    public override string Description =>
        $"small conv net: widths {string.Join("-", Widths)}, output stride 4, conv head ({HeadWidth}) per task; the CPU default for 64x64 images";

    public override IReadOnlyList<LayerSpec> Blocks { get; }

    public override int OutputStride => 4;

    public override int FeatureChannels => Widths[^1];

    public override LayerSpec Head(int outputChannels) => new SequenceSpec(
        new NamedLayer("conv1", ConvSpec.Same(FeatureChannels, HeadWidth)),
        new NamedLayer("bn1", new BatchNormSpec(HeadWidth)),
        new NamedLayer("relu", new ReluSpec()),
        new NamedLayer("conv2", new ConvSpec(HeadWidth, outputChannels, 1, Bias: true, Init: ConvInit.TorchDefault)));

    private static NamedLayer[] ConvBnRelu(int inChannels, int outChannels, int stride, int dilation) =>
    [
        new("conv1", ConvSpec.Same(inChannels, outChannels, 3, stride, dilation)),
        new("bn1", new BatchNormSpec(outChannels)),
        new("relu", new ReluSpec()),
    ];
}
