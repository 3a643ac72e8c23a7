using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

public sealed class ResidualModule : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> main;
    // Named like its registration: TorchSharp also registers module-typed fields under their field names.
    private readonly nn.Module<Tensor, Tensor>? downsample;

    public ResidualModule(IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Module)> mainPath, nn.Module<Tensor, Tensor>? downsample) : base(nameof(ResidualModule))
    {
        main = mainPath.Select(c => c.Module).ToList();
        foreach (var (name, module) in mainPath) register_module(name, module);
        this.downsample = downsample;
        if (downsample is not null) register_module(nameof(downsample), downsample);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var current = input;
        foreach (var module in main) current = module.call(current);
        var identity = downsample is null ? input : downsample.call(input);
        return nn.functional.relu(current + identity).MoveToOuterDisposeScope();
    }
}
