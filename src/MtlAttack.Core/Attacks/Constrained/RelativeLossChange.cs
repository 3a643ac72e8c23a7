using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// The scalar the constrained DGBA objectives report, as <see cref="DgbaObjective.Value"/> does for plain DGBA: the
/// averaged relative loss change (L_t(x) - L_t(clean)) / L_t(clean) against the clean batch, over the given tasks.
/// </summary>
internal static class RelativeLossChange
{
    public static Tensor Mean(AttackContext context, Tensor taskLosses, IReadOnlyList<int> tasks)
    {
        using var scope = NewDisposeScope();
        using var index = tensor(tasks.Select(t => (long)t).ToArray(), device: taskLosses.device);
        var clean = context.CleanLosses.index_select(0, index);
        var current = taskLosses.index_select(0, index);
        return ((current - clean) / DgbaObjective.Magnitude(clean)).mean([0]).MoveToOuterDisposeScope();
    }
}
