using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models;

/// <summary>A native <see cref="MultiTaskNetwork"/> as an <see cref="AttackableModel"/>: eval mode, frozen weights, on its device.</summary>
public sealed class NativeModel : AttackableModel
{
    private NativeModel(string directory, MultiTaskNetwork network, Device device) : base(directory, ModelHeader.Of(network.Spec), device)
    {
        Network = network;
    }

    public MultiTaskNetwork Network { get; }

    /// <summary>Wraps a loaded network (taking ownership), switching it to eval mode with frozen weights.</summary>
    public static NativeModel Wrap(string directory, MultiTaskNetwork network, Device device)
    {
        network.eval();
        // Attacks need gradients of the input only; frozen weights skip the parameter gradients.
        foreach (var parameter in network.parameters()) parameter.requires_grad_(false);
        return new NativeModel(directory, network, device);
    }

    public static NativeModel Load(string directory, Device device) => Wrap(directory, MultiTaskNetwork.Load(directory, device), device);

    public override IReadOnlyDictionary<string, Tensor> Forward(Tensor images) => Network.forward(images);

    public override string Describe() =>
        $"{Directory} ({Network.Spec.Backbone}, layout {Network.Spec.Layout}, tasks {string.Join(", ", TaskNames)})";

    public override void Dispose() => Network.Dispose();
}
