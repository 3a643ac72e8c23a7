using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// <c>saga</c>: Auto-SAGA (Self-Attention Gradient Attack; the reference code's "AS", main_r/autosaga.py), L-infinity.
/// It steps along the sign of G = sum_m alpha_m * c_m, where c_m is task m's term of the objective's direction (its
/// weighted gradient, <see cref="ITaskWeightedObjective"/>: <c>single(t)</c> and <c>total</c> give the plain gradients,
/// the reference's AS_Ori; <c>dgba</c> divides each by the sample's loss, the reference's AS_MTL) and alpha_m are weights
/// learned per task, sample and pixel, starting at 1. Each iteration k:
/// <list type="number">
/// <item>the terms c_m at x_k (one forward, one backward per task) and a look-ahead x' = P(x_k + step * sign(G));</item>
/// <item>the objective's direction at x', D (one forward and one backward), whose negation the reference calls dF/dx;</item>
/// <item>each weight moves along dF/dalpha_m = -D * dx'/dalpha_m, with sign(G) smoothed as tanh(s G), so
/// dx'/dalpha_m = s * step * c_m * sech^2(s G): alpha_m += r * D * s * step * c_m * sech^2(s G);</item>
/// <item>B = mu * B + sum_m alpha_m * c_m with the new weights, and x_{k+1} = P(x_k + step * sign(B)).</item>
/// </list>
/// The last iterate is returned. Gradients are those of the batch mean of each loss, as in the reference (its
/// <c>loss.mean().backward()</c>), so the weights' update, though not any sign taken from it, scales with 1 / batch size.
/// Defaults are the reference's: step epsilon / N (the budget's step), weight learning rate r = 10
/// (<c>alphaLearningRate</c>), sign sharpness s = 50 (<c>fittingFactor</c>), momentum mu = 0 (<c>decay</c>).
/// The reference's look-ahead loop sums T copies of the last task's gradient (a stale loop variable); here D is the
/// direction itself, the sum over the tasks, as the derivation says.
/// </summary>
public sealed class Saga : AttackAlgorithm
{
    public const double DefaultWeightLearningRate = 10;
    public const double DefaultSignSharpness = 50;
    public const double DefaultMomentum = 0;

    /// <param name="name">As the catalog names it (<see cref="Catalog.AttackDefinitions"/>).</param>
    public Saga(string name, double weightLearningRate = DefaultWeightLearningRate, double signSharpness = DefaultSignSharpness, double momentum = DefaultMomentum)
        : base(ThreatModel.Linf)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        if (!double.IsFinite(weightLearningRate) || weightLearningRate < 0)
            throw new ArgumentOutOfRangeException(nameof(weightLearningRate), weightLearningRate, "Auto-SAGA's weight learning rate must be a finite number >= 0.");
        if (!double.IsFinite(signSharpness) || signSharpness <= 0)
            throw new ArgumentOutOfRangeException(nameof(signSharpness), signSharpness, "Auto-SAGA's sign sharpness must be a finite number > 0.");
        if (!double.IsFinite(momentum) || momentum < 0)
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Auto-SAGA's momentum must be a finite number >= 0.");
        WeightLearningRate = weightLearningRate;
        SignSharpness = signSharpness;
        Momentum = momentum;
    }

    public override string Name { get; }

    /// <summary>r: how far each per-pixel weight moves along its derivative per iteration.</summary>
    public double WeightLearningRate { get; }

    /// <summary>s: the slope of tanh(s G) that stands in for sign(G) when the weights are differentiated.</summary>
    public double SignSharpness { get; }

    /// <summary>mu: the weight of the previous step direction in the next.</summary>
    public double Momentum { get; }

    public override double LargestStep(AttackBudget budget) => budget.StepSize;

    /// <summary>Two objective evaluations per iteration: the terms at x_k and the direction at the look-ahead point.</summary>
    public override int ObjectiveSteps(int steps) => 2 * steps;

    /// <summary>
    /// Per iteration, a forward pass and a backward pass per task at x_k (the trace reuses that forward; <c>single(t)</c>
    /// takes one backward there, counted as the others), and a forward pass and the objective's backward passes at the
    /// look-ahead point; then the trace's forward pass at the last iterate.
    /// </summary>
    public override double RunCost(int steps, int tasks, int objectiveBackward) =>
        steps * ((1 + 2.0 * tasks) + (1 + 2.0 * objectiveBackward)) + 1;

    public override string? Refusal(AttackObjective objective) => Terms(objective) is null
        ? $"saga cannot run '{objective.Name}': Auto-SAGA weighs each task's gradient, so it takes single, single(TASK), total and dgba (with any loss form or targets), not signsum or the constrained objectives."
        : null;

    /// <summary>
    /// The objective whose task terms the weights act on, and the losses a shaped objective runs on (a loss form or
    /// targets); null losses for a plain objective, which runs on the context's own (whatever view the caller gave).
    /// </summary>
    private static (ITaskWeightedObjective Objective, AttackLosses? Losses)? Terms(AttackObjective objective) => objective switch
    {
        ShapedObjective { Inner: ITaskWeightedObjective inner } shaped => (inner, shaped.Losses),
        ITaskWeightedObjective plain => (plain, null),
        _ => null,
    };

    public override Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var (weighted, losses) = Terms(objective) ?? throw new ArgumentException(Refusal(objective));
        var view = losses is null ? context : context.Under(losses);
        var direction = (GradientObjective)weighted;
        var clean = context.CleanImages;
        var tasks = weighted.WeightedTasks(view);
        long n = clean.shape[0];
        var sampleShape = SampleShape.Of(n, clean);
        using var step = budget.StepSize.ToScalar();
        using var rate = WeightLearningRate.ToScalar();
        using var sharpness = SignSharpness.ToScalar();
        using var slope = (SignSharpness * budget.StepSize).ToScalar();
        using var momentum = Momentum.ToScalar();
        using var batchMean = (1.0 / n).ToScalar();

        var x = budget.RandomStart ? RandomStart(context, budget.Epsilon, random) : clean.detach().clone();
        var alpha = ones(new long[] { tasks.Count }.Concat(clean.shape).ToArray(), dtype: clean.dtype, device: clean.device);
        var previous = zeros_like(clean);
        try
        {
            for (int k = 0; k < budget.Steps; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var scope = NewDisposeScope();

                // The objective's terms at x_k, as gradients of the batch-mean losses.
                BeginEvaluation(context, budget, 2 * k + 1);
                var (gradients, at) = AttackObjective.TaskGradients(view, x, tasks);
                var taskWeights = weighted.TaskWeights(view, at);
                var terms = gradients.Select((g, m) => g * taskWeights[m].reshape(sampleShape) * batchMean).ToArray();
                var combined = Combine(alpha, terms);
                trace?.Observe(context, objective, k, x, combined);

                // The direction at the look-ahead point, and each weight's move through the smoothed sign.
                var lookAhead = Project(context, x + combined.sign() * step, budget.Epsilon).detach();
                BeginEvaluation(context, budget, 2 * k + 2);
                var ahead = direction.Direction(view, lookAhead).Direction * batchMean;
                var smoothing = SechSquared(combined * sharpness);
                var moved = stack(terms.Select((c, m) => alpha[m] + ahead * (c * slope * smoothing) * rate).ToArray());

                var stepDirection = previous * momentum + Combine(moved, terms);
                var next = Project(context, x + stepDirection.sign() * step, budget.Epsilon).detach();
                foreach (var kept in new[] { next, moved, stepDirection }) kept.MoveToOuterDisposeScope();
                foreach (var old in new[] { x, alpha, previous }) old.Dispose();
                (x, alpha, previous) = (next, moved, stepDirection);
            }
            trace?.Observe(context, objective, budget.Steps, x, null);
            var result = x;
            x = null!;
            return result;
        }
        finally
        {
            x?.Dispose();
            alpha.Dispose();
            previous.Dispose();
        }
    }

    /// <summary>sum_m alpha_m * c_m, in task order.</summary>
    private static Tensor Combine(Tensor alpha, Tensor[] terms)
    {
        var sum = zeros_like(terms[0]);
        for (int m = 0; m < terms.Length; m++) sum = sum + alpha[m] * terms[m];
        return sum;
    }

    /// <summary>sech^2(v) = 1 / cosh^2(v): 0 where cosh overflows, never NaN (the reference's 4e^{2v} / (e^{2v} + 1)^2 is NaN there).</summary>
    private static Tensor SechSquared(Tensor v) => v.cosh().square().reciprocal();
}
