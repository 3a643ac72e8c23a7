using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>Dropout; active only in training mode, so evaluation and attacks are deterministic.</summary>
public sealed record DropoutSpec(double Probability = 0.5) : LayerSpec
{
    public override nn.Module<Tensor, Tensor> Build(Generator? generator = null) => nn.Dropout(Probability);

    public override LayerCost Measure(FeatureShape input) => new(0, 0, input);

    public override IEnumerable<StateTensor> State() => [];
}
