using MtlAttack.Core.Models;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Attacks;

/// <summary>
/// The <see cref="AttackTarget"/> of a <see cref="MultiTaskNetwork"/>: its forward pass, the given tasks (their losses),
/// and the pixel range of the network's input normalisation. The network's mode is left to the caller: attacks
/// expect it in eval mode (batch-norm running statistics), so that perturbing a batch does not update them.
/// </summary>
public static class NetworkAttackTarget
{
    public static AttackTarget Create(MultiTaskNetwork network, IReadOnlyList<VisionTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(tasks);
        foreach (var task in tasks) network.IndexOfTask(task.Name);
        return new AttackTarget(network.forward, tasks, PixelBounds.From(network.Spec.Normalization));
    }
}
