using MtlAttack.Core.Models.Architecture;

namespace MtlAttack.Core.Models.Backbones;

/// <summary>
/// A backbone cut into coarse blocks (the branch points of a layout) plus the head every task gets. Blocks and heads
/// are declarative <see cref="LayerSpec"/>s, so costs are analytic and always match the built modules.
/// </summary>
public abstract class Backbone
{
    /// <summary>Name used in <c>model.json</c> and on the command line, e.g. <c>resnet34</c>.</summary>
    public abstract string Name { get; }

    public abstract string Description { get; }

    /// <summary>Human names of the blocks: stem, layer1, layer2, ... (block k holds torchvision's <c>layer{k}</c>).</summary>
    public IReadOnlyList<string> BlockNames => ["stem", .. Enumerable.Range(1, BlockCount - 1).Select(k => $"layer{k}")];

    /// <summary>One description per coarse block, taking 3 input channels at block 0.</summary>
    public abstract IReadOnlyList<LayerSpec> Blocks { get; }

    /// <summary>Input size divided by feature (and head output) size, up to the rounding of strided layers.</summary>
    public abstract int OutputStride { get; }

    /// <summary>Channels the last block produces, which every head consumes.</summary>
    public abstract int FeatureChannels { get; }

    /// <summary>The head of a task with <paramref name="outputChannels"/> outputs.</summary>
    public abstract LayerSpec Head(int outputChannels);

    public int BlockCount => Blocks.Count;

    /// <summary>Cost of one copy of every block, in order, for an image of the given size.</summary>
    public IReadOnlyList<LayerCost> MeasureBlocks(int height, int width)
    {
        if (height < 1 || width < 1) throw new ArgumentOutOfRangeException(nameof(height), $"Input size {height}x{width} must be positive.");
        var costs = new List<LayerCost>(BlockCount);
        var shape = new FeatureShape(3, height, width);
        foreach (var block in Blocks)
        {
            var cost = block.Measure(shape);
            costs.Add(cost);
            shape = cost.Output;
        }
        return costs;
    }

    /// <summary>Shape of the features every head receives for an image of the given size.</summary>
    public FeatureShape FeatureShape(int height, int width) => MeasureBlocks(height, width)[^1].Output;

    public override string ToString() => Name;
}
