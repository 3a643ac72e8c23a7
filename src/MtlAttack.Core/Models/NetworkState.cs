using MtlAttack.Core.Models.Architecture;

namespace MtlAttack.Core.Models;

/// <summary>
/// The state dict of the network a <see cref="ModelSpec"/> describes (names, shapes and element types, under
/// <see cref="MultiTaskNetwork"/>'s naming), declared by its layer specs without building it: a checkpoint's header is
/// checked against it before any memory is spent on the network.
/// </summary>
public static class NetworkState
{
    public static IReadOnlyList<StateTensor> Of(ModelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var backbone = spec.ResolveBackbone();
        var layout = spec.ParseLayout();
        var tensors = new List<StateTensor>();
        for (int b = 0; b < layout.BlockCount; b++)
        {
            var block = backbone.Blocks[b].State().ToList();
            for (int g = 0; g < layout.GroupCount(b); g++)
                tensors.AddRange(block.Select(t => t.Under($"backbone.block{b}.group{g}")));
        }
        foreach (var task in spec.Tasks)
            tensors.AddRange(backbone.Head(task.OutputChannels).State().Select(t => t.Under($"heads.{task.Name}")));
        return tensors;
    }
}
