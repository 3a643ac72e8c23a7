using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Objectives;

/// <summary>
/// <c>dgba</c>, the Dynamic Gradient Balancing Attack. It maximises the averaged relative loss change
/// (1/T) sum_t [L_t(x_k + d) - L_t(x_k)] / L_t(x_k). To first order that is linear in d, and over d = alpha * s
/// with integer s in {-1,0,1}^n the integer program max sum_i s_i c_i, c = sum_t g_t / L_t(x_k), is solved
/// exactly by s = sign(c). The weights 1/L_t(x_k) are re-balanced at every step and for every sample, so a
/// task whose loss is already large cannot dominate. Because the weights are values of the forward pass,
/// c is the gradient of sum_t L_t / stop_grad(L_t): one forward and one backward pass, not one per task.
/// </summary>
public sealed class DgbaObjective : GradientObjective, ITaskWeightedObjective
{
    /// <summary>
    /// Loss magnitudes are clamped from below so a task with zero loss gets a large but finite weight. Magnitudes, because a
    /// targeted task's entry is its negated loss to the goal (<see cref="AttackLosses"/>): dividing by |L| keeps its sign,
    /// so DGBA climbs its relative decrease; for the tasks' own losses (never negative) |L| is L.
    /// </summary>
    public const double MinimumLoss = 1e-8;

    public override string Name => "dgba";

    protected override Tensor Surrogate(AttackContext context, Tensor taskLosses) =>
        (taskLosses / Magnitude(taskLosses.detach())).sum(dim: 0);

    /// <summary>
    /// The averaged relative loss change against the clean batch, per sample; against each task's dataset-mean clean
    /// loss where the context has them (<see cref="AttackContext.ValueBaseline"/>, the reference protocol).
    /// </summary>
    public override Tensor Value(AttackContext context, Tensor taskLosses)
    {
        var baseline = context.ValueBaseline;
        var clean = Magnitude(baseline);
        return ((taskLosses - baseline) / clean).mean([0]);
    }

    public IReadOnlyList<int> WeightedTasks(AttackContext context) => Enumerable.Range(0, context.Target.Tasks.Count).ToList();

    /// <summary>1 / |L_t| per task and sample, from detached losses: the balance the one-pass surrogate divides by.</summary>
    public Tensor TaskWeights(AttackContext context, Tensor losses) => Magnitude(losses).reciprocal();

    /// <summary>
    /// The reference research code's formulation: one backward pass per task, then sum_t g_t / L_t.
    /// Kept to test and benchmark the one-pass direction against it.
    /// </summary>
    public static Tensor ReferenceDirection(AttackContext context, Tensor images)
    {
        var (gradients, losses) = TaskGradients(context, images);
        var weights = Magnitude(losses).reciprocal();
        var direction = zeros_like(gradients[0]);
        var shape = SampleShape.Of(-1, gradients[0]);
        for (int t = 0; t < gradients.Length; t++)
            direction.add_(gradients[t] * weights[t].reshape(shape));
        return direction;
    }

    /// <summary>|L| clamped at <see cref="MinimumLoss"/>: the divisor of every relative loss change.</summary>
    public static Tensor Magnitude(Tensor losses) => losses.abs().clamp_min(MinimumLoss);
}
