using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>Named parallel branches whose outputs are added, as in DeepLab v2's ASPP (fc1 + fc2 + fc3 + fc4).</summary>
public sealed record SumSpec(IReadOnlyList<NamedLayer> Branches) : LayerSpec
{
    public override nn.Module<Tensor, Tensor> Build(Generator generator) =>
        new SumModule(Branches.Select(b => (b.Name, b.Layer.Build(generator))).ToList());

    public override IEnumerable<StateTensor> State() => StateTensor.Of(Branches);

    public override LayerCost Measure(FeatureShape input)
    {
        if (Branches.Count == 0) throw new InvalidOperationException("A sum needs at least one branch.");
        var costs = Branches.Select(b => b.Layer.Measure(input)).ToList();
        if (costs.Any(c => c.Output != costs[0].Output))
            throw new InvalidOperationException($"Summed branches disagree on their output shape: {string.Join(", ", costs.Select(c => c.Output))}.");
        return new LayerCost(costs.Sum(c => c.Parameters), costs.Sum(c => c.MultiplyAdds), costs[0].Output);
    }
}
