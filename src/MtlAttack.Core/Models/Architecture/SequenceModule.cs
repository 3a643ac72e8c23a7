using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>
/// Runs named children in order. Children are invoked through <c>call</c> so forward hooks (used to verify the
/// analytic cost model) fire.
/// </summary>
public sealed class SequenceModule : nn.Module<Tensor, Tensor>
{
    private readonly List<nn.Module<Tensor, Tensor>> ordered;

    public SequenceModule(IReadOnlyList<(string Name, nn.Module<Tensor, Tensor> Module)> children) : base(nameof(SequenceModule))
    {
        if (children.Count == 0) throw new ArgumentException("A sequence needs at least one layer.", nameof(children));
        ordered = children.Select(c => c.Module).ToList();
        foreach (var (name, module) in children) register_module(name, module);
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var current = input;
        foreach (var module in ordered) current = module.call(current);
        return current.MoveToOuterDisposeScope();
    }
}
