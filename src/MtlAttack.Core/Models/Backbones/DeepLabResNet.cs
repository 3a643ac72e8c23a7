using MtlAttack.Core.Models.Architecture;

namespace MtlAttack.Core.Models.Backbones;

/// <summary>
/// The DeepLab-style ResNet of the reference study (AdaShare/TreeMTL): torchvision BasicBlocks, a 7x7 stem with
/// ceil-mode max pooling, layer3 and layer4 dilated (2 and 4) instead of strided, so features come at output stride
/// 8 (321 -> 41). The five coarse blocks are the stem and layer1..layer4. Each task's head is DeepLab v2's ASPP:
/// four dilated branches (rates 6, 12, 18, 24) of conv3x3-1024, conv1x1-1024, conv1x1-C with ReLU and dropout
/// 0.5, summed; named <c>fc1..fc4</c> with <c>conv1..conv3</c> as in the reference.
/// </summary>
public sealed class DeepLabResNet : Backbone
{
    private static readonly int[] StageChannels = [64, 128, 256, 512];
    private static readonly int[] StageStrides = [1, 2, 1, 1];
    private static readonly int[] StageDilations = [1, 1, 2, 4];
    private static readonly int[] AsppRates = [6, 12, 18, 24];
    private const int AsppWidth = 1024;

    private readonly int[] blocksPerStage;

    private DeepLabResNet(string name, int[] blocksPerStage)
    {
        Name = name;
        this.blocksPerStage = blocksPerStage;
        Blocks = BuildBlocks();
    }

    public static DeepLabResNet ResNet34 { get; } = new("resnet34", [3, 4, 6, 3]);

    public static DeepLabResNet ResNet18 { get; } = new("resnet18", [2, 2, 2, 2]);

    public override string Name { get; }

    public override string Description =>
        $"DeepLab {Name}: BasicBlocks {string.Join("-", blocksPerStage)}, dilated layer3/layer4, output stride 8, ASPP head per task";

    public override IReadOnlyList<string> BlockNames { get; } = ["stem", "layer1", "layer2", "layer3", "layer4"];

    public override IReadOnlyList<LayerSpec> Blocks { get; }

    public override int OutputStride => 8;

    public override int FeatureChannels => StageChannels[^1];

    public override LayerSpec Head(int outputChannels) =>
        new SumSpec(AsppRates.Select((rate, i) => new NamedLayer($"fc{i + 1}", AsppBranch(rate, outputChannels))).ToList());

    private SequenceSpec AsppBranch(int rate, int outputChannels) => new(
        new NamedLayer("conv1", new ConvSpec(FeatureChannels, AsppWidth, 3, Padding: rate, Dilation: rate, Bias: true, Init: ConvInit.TorchDefault)),
        new NamedLayer("relu1", new ReluSpec()),
        new NamedLayer("dropout1", new DropoutSpec(0.5)),
        new NamedLayer("conv2", new ConvSpec(AsppWidth, AsppWidth, 1, Bias: true, Init: ConvInit.TorchDefault)),
        new NamedLayer("relu2", new ReluSpec()),
        new NamedLayer("dropout2", new DropoutSpec(0.5)),
        new NamedLayer("conv3", new ConvSpec(AsppWidth, outputChannels, 1, Bias: true, Init: ConvInit.TorchDefault)));

    private List<LayerSpec> BuildBlocks()
    {
        var blocks = new List<LayerSpec>
        {
            new SequenceSpec(
                new NamedLayer("conv1", new ConvSpec(3, 64, 7, Stride: 2, Padding: 3)),
                new NamedLayer("bn1", new BatchNormSpec(64)),
                new NamedLayer("relu", new ReluSpec()),
                new NamedLayer("maxpool", new MaxPoolSpec(3, 2, 1, CeilMode: true))),
        };
        int inChannels = 64;
        for (int stage = 0; stage < StageChannels.Length; stage++)
        {
            var residuals = new List<NamedLayer>();
            for (int i = 0; i < blocksPerStage[stage]; i++)
            {
                int stride = i == 0 ? StageStrides[stage] : 1;
                residuals.Add(new NamedLayer(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    BasicBlock(inChannels, StageChannels[stage], stride, StageDilations[stage])));
                inChannels = StageChannels[stage];
            }
            blocks.Add(new SequenceSpec(new NamedLayer($"layer{stage + 1}", new SequenceSpec(residuals))));
        }
        return blocks;
    }

    private static ResidualSpec BasicBlock(int inChannels, int channels, int stride, int dilation)
    {
        var main = new List<NamedLayer>
        {
            new("conv1", ConvSpec.Same(inChannels, channels, 3, stride, dilation)),
            new("bn1", new BatchNormSpec(channels)),
            new("relu", new ReluSpec()),
            new("conv2", ConvSpec.Same(channels, channels, 3, 1, dilation)),
            new("bn2", new BatchNormSpec(channels)),
        };
        var downsample = stride != 1 || inChannels != channels
            ? new SequenceSpec(new NamedLayer("0", new ConvSpec(inChannels, channels, 1, Stride: stride)), new NamedLayer("1", new BatchNormSpec(channels)))
            : null;
        return new ResidualSpec(main, downsample);
    }
}
