using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>Dropout; active only in training mode, so evaluation and attacks are deterministic.</summary>
public sealed record DropoutSpec(double Probability = 0.5) : LayerSpec
{
    /// <summary>A <see cref="GeneratorDropout"/>: its masks come from the generator the trainer hands the network, not from <paramref name="generator"/>.</summary>
    public override nn.Module<Tensor, Tensor> Build(Generator generator) => new GeneratorDropout(Probability);

    public override LayerCost Measure(FeatureShape input) => new(0, 0, input);

    public override IEnumerable<StateTensor> State() => [];
}
