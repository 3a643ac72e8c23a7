using TorchSharp;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>
/// A declarative description of a layer. The module and its analytic cost come from the same description, so the
/// parameter and multiply-add counts cannot drift from what is actually built.
/// </summary>
public abstract record LayerSpec
{
    /// <summary>
    /// Instantiates the layer with fresh weights drawn from <paramref name="generator"/> alone: a private generator
    /// keeps initialisation reproducible even while other threads draw random numbers. (Torch's module constructors
    /// also fill their weights from its global generator; every such value is overwritten from this one.)
    /// </summary>
    public abstract torch.nn.Module<torch.Tensor, torch.Tensor> Build(torch.Generator generator);

    /// <summary>Parameters, multiply-adds and output shape for one input of shape <paramref name="input"/>.</summary>
    public abstract LayerCost Measure(FeatureShape input);

    /// <summary>The state-dict tensors <see cref="Build"/> gives the module, by name relative to it, without building it.</summary>
    public abstract IEnumerable<StateTensor> State();
}
