using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// How the steps are taken; what they aim at comes from the <see cref="AttackObjective"/>, and the ball they stay in
/// (L-infinity or L2) from the <see cref="ThreatModel"/>. Every algorithm projects onto the epsilon-ball and the pixel
/// range after every step and keeps memory flat by disposing each iteration's tensors.
/// </summary>
public abstract class AttackAlgorithm(ThreatModel threat)
{
    public abstract string Name { get; }

    /// <summary>The norm the budget's epsilon bounds; steps take their unit direction and projection from it.</summary>
    public ThreatModel Threat { get; } = threat;

    /// <summary>
    /// Adversarial images for the context's batch, detached, within the budget. <paramref name="cancellationToken"/> is
    /// checked before every step, so a cancelled attack stops within one step (an evaluation cancelled on a service
    /// frees its device at once) with an <see cref="OperationCanceledException"/>. When <paramref name="trace"/> is given,
    /// every iterate is shown to it (<see cref="AttackTrace.Observe"/>), step 0 being the start point.
    /// </summary>
    public abstract Tensor Perturb(AttackContext context, AttackObjective objective, AttackBudget budget, Generator? random = null,
        CancellationToken cancellationToken = default, AttackTrace? trace = null);

    /// <summary>
    /// Whether <see cref="AttackBudget.RandomStart"/> changes what this algorithm does. fgsm/fgm step from the clean
    /// images whatever the budget says, so restarting them would repeat the same run.
    /// </summary>
    public virtual bool TakesRandomStart => true;

    /// <summary>
    /// The largest step, in pixel units, this algorithm takes along an objective's direction under
    /// <paramref name="budget"/> (what dgba-protect's first-order budget is sized by). The L2 forms take the same step
    /// lengths along a unit-L2 direction, so each pixel moves at most that much; the figure is a safe bound for both.
    /// </summary>
    public abstract double LargestStep(AttackBudget budget);

    /// <summary>How many objective steps (a forward and a backward pass each) one attack takes with <paramref name="steps"/> steps.</summary>
    public virtual int ObjectiveSteps(int steps) => Iterations(steps);

    /// <summary>How many update iterations one attack takes with <paramref name="steps"/> steps.</summary>
    public virtual int Iterations(int steps) => steps;

    /// <summary>
    /// What one attack with <paramref name="steps"/> steps costs, in forward-pass units (a backward pass counts two), on a
    /// model of <paramref name="tasks"/> tasks when the objective takes <paramref name="objectiveBackward"/> backward passes
    /// per step: at each of <see cref="ObjectiveSteps"/>, a forward pass, the objective's backward passes, and the
    /// diagnostics trace's forward pass at the iterate.
    /// </summary>
    public virtual double RunCost(int steps, int tasks, int objectiveBackward) => ObjectiveSteps(steps) * (1 + 2.0 * objectiveBackward + 1);

    public override string ToString() => Name;

    /// <summary>
    /// Why this algorithm cannot run <paramref name="objective"/>, as a sentence that says which objectives it takes; null
    /// when it can (every algorithm but Auto-SAGA takes every objective). <see cref="Attack"/> and the evaluation's cell
    /// plan refuse such a pair before anything runs.
    /// </summary>
    public virtual string? Refusal(AttackObjective objective) => null;

    /// <summary>Tells the context which objective evaluation (1-based, of <see cref="ObjectiveSteps"/>) comes next.</summary>
    protected void BeginEvaluation(AttackContext context, AttackBudget budget, int evaluation) =>
        context.BeginStep(evaluation, ObjectiveSteps(budget.Steps));

    /// <summary>
    /// Objective evaluation <paramref name="evaluation"/> (1-based, of <see cref="ObjectiveSteps"/>) at <paramref name="images"/>:
    /// tells the context which step it is (per-step losses such as SegPGD's read it), then takes the threat model's step.
    /// Every algorithm evaluates its objective through here.
    /// </summary>
    protected ObjectiveStep Evaluate(AttackContext context, AttackObjective objective, AttackBudget budget, int evaluation, Tensor images)
    {
        BeginEvaluation(context, budget, evaluation);
        return Threat.Step(objective, context, images);
    }

    /// <summary>A uniform random point of the epsilon-ball around the clean images, inside the pixel range.</summary>
    protected Tensor RandomStart(AttackContext context, double epsilon, Generator? random) => Threat.RandomStart(context, epsilon, random);

    /// <summary>The threat model's projection onto the epsilon-ball around the clean images and the pixel range.</summary>
    protected Tensor Project(AttackContext context, Tensor x, double epsilon) => Threat.Project(context.Target.Bounds, x, context.CleanImages, epsilon);
}
