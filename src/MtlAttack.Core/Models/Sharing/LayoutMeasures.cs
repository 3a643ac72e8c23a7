using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models;

namespace MtlAttack.Core.Models.Sharing;

/// <summary>
/// Size, cost and sharing of one layout on one backbone, computed analytically (no network is built).
/// </summary>
/// <param name="Parameters">Trainable parameters of the whole network: every block copy plus every head.</param>
/// <param name="BackboneParameters">Trainable parameters of all block copies.</param>
/// <param name="HeadParameters">Trainable parameters of all heads.</param>
/// <param name="MultiplyAddsPerImage">
/// Convolution multiply-adds for one image of the given size through every block copy and head, i.e. the "FLOPs"
/// figure of the reference studies (one multiply-add counted once).
/// </param>
/// <param name="PairwiseSharing">
/// [a][b]: the fraction of a single backbone's parameters (one copy of every block) that tasks a and b run through
/// the same copy of. 1 on the diagonal; 1 everywhere for fully shared, 0 off the diagonal for fully independent.
/// </param>
/// <param name="MeanSharing">Mean of <paramref name="PairwiseSharing"/> over task pairs a &lt; b; 1 for a single task.</param>
public sealed record LayoutMeasures(
    string Backbone,
    string Layout,
    int InputHeight,
    int InputWidth,
    long Parameters,
    long BackboneParameters,
    long HeadParameters,
    long MultiplyAddsPerImage,
    IReadOnlyList<IReadOnlyList<double>> PairwiseSharing,
    double MeanSharing)
{
    /// <param name="outputChannels">Each task's head output channels, in the layout's task order.</param>
    public static LayoutMeasures Compute(Backbone backbone, Layout layout, IReadOnlyList<int> outputChannels, int inputHeight, int inputWidth)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(outputChannels);
        if (layout.BlockCount != backbone.BlockCount)
            throw new ArgumentException($"Layout '{layout}' has {layout.BlockCount} blocks but backbone {backbone.Name} has {backbone.BlockCount}.", nameof(layout));
        if (outputChannels.Count != layout.TaskCount)
            throw new ArgumentException($"Layout '{layout}' has {layout.TaskCount} tasks but {outputChannels.Count} output channel counts were given.", nameof(outputChannels));

        var blocks = backbone.MeasureBlocks(inputHeight, inputWidth);
        long backboneParameters = 0, multiplyAdds = 0;
        for (int b = 0; b < blocks.Count; b++)
        {
            backboneParameters += layout.GroupCount(b) * blocks[b].Parameters;
            multiplyAdds += layout.GroupCount(b) * blocks[b].MultiplyAdds;
        }
        var features = blocks[^1].Output;
        var heads = outputChannels.Select(c => backbone.Head(c).Measure(features)).ToList();
        long headParameters = heads.Sum(h => h.Parameters);
        multiplyAdds += heads.Sum(h => h.MultiplyAdds);

        long singlePath = blocks.Sum(b => b.Parameters);
        var tasks = Enumerable.Range(0, layout.TaskCount).ToList();
        var sharing = tasks.Select(a => tasks.Select(c =>
        {
            long shared = Enumerable.Range(0, blocks.Count).Where(b => layout.Shares(b, a, c)).Sum(b => blocks[b].Parameters);
            return singlePath == 0 ? 1 : (double)shared / singlePath;
        }).ToArray()).ToArray();
        var pairs = tasks.SelectMany(a => tasks.Where(c => c > a).Select(c => sharing[a][c])).ToList();

        return new LayoutMeasures(backbone.Name, layout.ToString(), inputHeight, inputWidth,
            backboneParameters + headParameters, backboneParameters, headParameters, multiplyAdds,
            sharing, pairs.Count == 0 ? 1 : pairs.Average());
    }

    /// <summary>Measures of the network a model spec describes, at the spec's input size.</summary>
    public static LayoutMeasures Of(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Compute(spec.ResolveBackbone(), Sharing.Layout.Parse(spec.Layout),
            spec.Tasks.Select(t => t.OutputChannels).ToList(), spec.InputHeight, spec.InputWidth);
    }
}
