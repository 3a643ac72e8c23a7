using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// Input gradients of sums of relative losses: for a group G of tasks, sum_{t in G} g_t / L_t(x), per sample. That
/// is the gradient of sum_{t in G} L_t / stop_grad(L_t), so one forward pass and one backward pass per group: a
/// constrained objective asks only for the groups it needs (protect: the attacked tasks together, then each
/// protected task alone), not one backward per task.
/// </summary>
internal static class RelativeGradients
{
    /// <returns>One gradient per group (shape of the images) and the per-task losses [T,N] at the images.</returns>
    public static (Tensor[] Gradients, Tensor Losses) Compute(AttackContext context, Tensor images, IReadOnlyList<IReadOnlyList<int>> groups)
    {
        using var graph = context.LossesWithGraph(images);
        var losses = graph.Losses;
        var relative = losses / DgbaObjective.Magnitude(losses.detach());
        var gradients = new Tensor[groups.Count];
        for (int g = 0; g < groups.Count; g++)
        {
            using var members = tensor(groups[g].Select(t => (long)t).ToArray(), device: relative.device);
            var scalar = relative.index_select(0, members).sum();
            gradients[g] = autograd.grad([scalar], [graph.Input], retain_graph: g < groups.Count - 1)[0];
        }
        return (gradients, losses.detach());
    }
}
