using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>
/// relu(main(x) + shortcut(x)) where the shortcut is the identity or a <paramref name="Downsample"/> projection.
/// Main-path layers are registered directly under their names and the projection under <c>downsample</c>, which
/// is torchvision's BasicBlock naming (<c>conv1, bn1, conv2, bn2, downsample.0, downsample.1</c>).
/// </summary>
public sealed record ResidualSpec(IReadOnlyList<NamedLayer> Main, SequenceSpec? Downsample) : LayerSpec
{
    public override nn.Module<Tensor, Tensor> Build(Generator generator) =>
        new ResidualModule(Main.Select(l => (l.Name, l.Layer.Build(generator))).ToList(), Downsample?.Build(generator));

    public override IEnumerable<StateTensor> State() =>
        StateTensor.Of(Main).Concat(Downsample?.State().Select(t => t.Under("downsample")) ?? []);

    public override LayerCost Measure(FeatureShape input)
    {
        var main = new SequenceSpec(Main).Measure(input);
        var shortcut = Downsample?.Measure(input) ?? new LayerCost(0, 0, input);
        if (shortcut.Output != main.Output)
            throw new InvalidOperationException($"Residual paths disagree: main gives {main.Output}, shortcut gives {shortcut.Output}.");
        return new LayerCost(main.Parameters + shortcut.Parameters, main.MultiplyAdds + shortcut.MultiplyAdds, main.Output);
    }
}
