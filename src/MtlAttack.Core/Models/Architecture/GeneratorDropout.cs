using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>
/// Element-wise dropout whose masks come from a <see cref="Generator"/> its owner hands in (see
/// <see cref="MultiTaskNetwork.DrawDropoutFrom"/>), never from torch's global generator: two trainings in one process
/// then cannot reorder each other's draws, and a trainer that reseeds its generator per epoch makes a resumed run
/// draw the masks an uninterrupted one drew. Identity in evaluation mode; in training mode without a generator it
/// refuses to run rather than fall back to the global one. It holds no parameters or buffers, so checkpoints are
/// those of <c>nn.Dropout</c>.
/// </summary>
public sealed class GeneratorDropout : nn.Module<Tensor, Tensor>
{
    public GeneratorDropout(double probability) : base(nameof(GeneratorDropout))
    {
        if (probability is < 0 or > 1 || double.IsNaN(probability))
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A dropout probability lies in 0..1.");
        Probability = probability;
    }

    public double Probability { get; }

    /// <summary>Where training-mode masks are drawn from; on the device the inputs are on.</summary>
    public Generator? Random { get; set; }

    public override Tensor forward(Tensor input)
    {
        // alias(): a new handle on the same data, so the caller may dispose the result without disposing the input.
        if (!training || Probability == 0) return input.alias();
        var random = Random ?? throw new InvalidOperationException(
            "Dropout in training mode needs a generator: call MultiTaskNetwork.DrawDropoutFrom(generator) before training, or put the network in eval mode.");
        if (Probability == 1) return zeros_like(input);
        using var scope = NewDisposeScope();
        var keep = empty_like(input).bernoulli_(1 - Probability, random);
        return (input * keep / (1 - Probability)).MoveToOuterDisposeScope();
    }
}
