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
    /// <summary>The stem's channels in the standard network; stage s has <c>Width &lt;&lt; s</c> and the ASPP branches 16 x Width.</summary>
    public const int StandardWidth = 64;

    private static readonly int[] StageStrides = [1, 2, 1, 1];
    private static readonly int[] StageDilations = [1, 1, 2, 4];
    private static readonly int[] AsppRates = [6, 12, 18, 24];
    private const int AsppWidthPerStemChannel = 16;

    private readonly int[] blocksPerStage;
    private readonly int[] stageChannels;

    private DeepLabResNet(string name, int[] blocksPerStage, int width)
    {
        Name = name;
        Width = width;
        this.blocksPerStage = blocksPerStage;
        stageChannels = Enumerable.Range(0, 4).Select(stage => width << stage).ToArray();
        Blocks = BuildBlocks();
    }

    public static DeepLabResNet ResNet34 { get; } = new("resnet34", [3, 4, 6, 3], StandardWidth);

    public static DeepLabResNet ResNet18 { get; } = new("resnet18", [2, 2, 2, 2], StandardWidth);

    public override string Name { get; }

    /// <summary>Channels of the stem (64 in the standard network).</summary>
    public int Width { get; }

    /// <summary>BasicBlocks of layer1..layer4, e.g. 3, 4, 6, 3 for ResNet-34.</summary>
    public IReadOnlyList<int> BlocksPerStage => blocksPerStage;

    /// <summary>Channels of every ASPP branch's hidden layers: 1024 in the standard network.</summary>
    public int AsppWidth => AsppWidthPerStemChannel * Width;

    /// <summary>
    /// The same network with every width scaled to a stem of <paramref name="width"/> channels (stages
    /// width..8 x width, ASPP 16 x width), as narrow models of the reference's structure are built (e.g. TreeMTL-format
    /// test checkpoints); <see cref="StandardWidth"/> gives this network.
    /// </summary>
    public DeepLabResNet WithWidth(int width)
    {
        if (width is < 1 or > StandardWidth * 4)
            throw new ArgumentOutOfRangeException(nameof(width), width, $"A DeepLab ResNet's width (its stem's channels) is 1..{StandardWidth * 4}; the standard network has {StandardWidth}.");
        return width == Width ? this : new DeepLabResNet(Name, blocksPerStage, width);
    }

    public override string Description =>
        $"DeepLab {Name}: BasicBlocks {string.Join("-", blocksPerStage)}, dilated layer3/layer4, output stride 8, ASPP head per task"
        + (Width == StandardWidth ? "" : $", width {Width} (stages {string.Join("-", stageChannels)}, ASPP {AsppWidth})");

    public override IReadOnlyList<LayerSpec> Blocks { get; }

    public override int OutputStride => 8;

    public override int FeatureChannels => stageChannels[^1];

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
                new NamedLayer("conv1", new ConvSpec(3, Width, 7, Stride: 2, Padding: 3)),
                new NamedLayer("bn1", new BatchNormSpec(Width)),
                new NamedLayer("relu", new ReluSpec()),
                new NamedLayer("maxpool", new MaxPoolSpec(3, 2, 1, CeilMode: true))),
        };
        int inChannels = Width;
        for (int stage = 0; stage < stageChannels.Length; stage++)
        {
            var residuals = new List<NamedLayer>();
            for (int i = 0; i < blocksPerStage[stage]; i++)
            {
                int stride = i == 0 ? StageStrides[stage] : 1;
                residuals.Add(new NamedLayer(i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    BasicBlock(inChannels, stageChannels[stage], stride, StageDilations[stage])));
                inChannels = stageChannels[stage];
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
