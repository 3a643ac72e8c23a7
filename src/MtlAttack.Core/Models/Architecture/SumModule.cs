using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

public sealed class SumModule : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> branches;

    public SumModule(IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Module)> namedBranches) : base(nameof(SumModule))
    {
        if (namedBranches.Count == 0) throw new ArgumentException("A sum needs at least one branch.", nameof(namedBranches));
        branches = namedBranches.Select(c => c.Module).ToList();
        foreach (var (name, module) in namedBranches) register_module(name, module);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return branches.Select(branch => branch.call(input)).Aggregate((total, output) => total + output).MoveToOuterDisposeScope();
    }
}
