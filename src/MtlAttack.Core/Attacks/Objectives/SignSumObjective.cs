using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Objectives;

/// <summary>
/// <c>signsum</c>: the sum of each task's gradient sign, so every task votes equally per pixel. Needs one
/// backward pass per task, since the sign is not linear. Its scalar objective is the summed loss.
/// </summary>
public sealed class SignSumObjective : AttackObjective
{
    public override string Name => "signsum";

    public override Tensor Value(AttackContext context, Tensor taskLosses) => taskLosses.sum(dim: 0);

    public override ObjectiveStep Step(AttackContext context, Tensor images)
    {
        var (gradients, losses) = TaskGradients(context, images);
        var votes = zeros_like(gradients[0]);
        foreach (var g in gradients) votes.add_(g.sign());
        return new ObjectiveStep(votes.sign(), Value(context, losses));
    }
}
