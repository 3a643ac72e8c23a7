using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>Named layers applied one after another.</summary>
public sealed record SequenceSpec(IReadOnlyList<NamedLayer> Layers) : LayerSpec
{
    public SequenceSpec(params NamedLayer[] layers) : this((IReadOnlyList<NamedLayer>)layers) { }

    public override nn.Module<Tensor, Tensor> Build(Generator generator) =>
        new SequenceModule(Layers.Select(l => (l.Name, l.Layer.Build(generator))).ToList());

    public override IEnumerable<StateTensor> State() => StateTensor.Of(Layers);

    public override LayerCost Measure(FeatureShape input)
    {
        var total = new LayerCost(0, 0, input);
        foreach (var layer in Layers) total = total.Then(layer.Layer.Measure(total.Output));
        return total;
    }
}
