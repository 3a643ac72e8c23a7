using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>2-D batch normalisation; weight 1 and bias 0 at start. Its running statistics are buffers, not parameters.</summary>
public sealed record BatchNormSpec(int Channels) : LayerSpec
{
    public override nn.Module<Tensor, Tensor> Build(Generator generator) => nn.BatchNorm2d(Channels);

    public override LayerCost Measure(FeatureShape input)
    {
        if (input.Channels != Channels)
            throw new InvalidOperationException($"A batch norm over {Channels} channels receives {input}.");
        return new LayerCost(2L * Channels, 0, input);
    }

    public override IEnumerable<StateTensor> State() =>
    [
        StateTensor.Float("weight", Channels), StateTensor.Float("bias", Channels),
        StateTensor.Float("running_mean", Channels), StateTensor.Float("running_var", Channels),
        new("num_batches_tracked", [], ScalarType.Int64),
    ];
}
