using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

public sealed record ReluSpec : LayerSpec
{
    public override nn.Module<Tensor, Tensor> Build(Generator generator) => nn.ReLU();

    public override LayerCost Measure(FeatureShape input) => new(0, 0, input);

    public override IEnumerable<StateTensor> State() => [];
}
