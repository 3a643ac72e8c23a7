using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Benchmarks;

/// <summary>
/// sum_{t in group} g_t / L_t, the input gradient a constrained DGBA objective builds its program from, through the
/// public <see cref="GradientObjective.Direction"/>. Only used to make realistic programs; it is not what is timed.
/// </summary>
internal sealed class RelativeGroupGradient(IReadOnlyList<int> group) : GradientObjective
{
    public override string Name => $"relative-gradient({string.Join(",", group)})";

    protected override Tensor Surrogate(AttackContext context, Tensor taskLosses)
    {
        using var index = tensor(group.Select(t => (long)t).ToArray(), device: taskLosses.device);
        var members = taskLosses.index_select(0, index);
        return (members / members.detach().clamp_min(DgbaObjective.MinimumLoss)).sum(dim: 0);
    }

    public override Tensor Value(AttackContext context, Tensor taskLosses) => taskLosses.sum(dim: 0);
}
