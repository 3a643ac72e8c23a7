namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// How <see cref="Apgd"/> decides: the step it starts with, its checkpoints, whether it decides per sample or per batch,
/// when it halves and whether it then restarts from the best point. One loop serves every set of rules, so the reference
/// code's APGD ("AA" in MTLAttack-DGBA) and its restarting variant ("AAR") are settings of <see cref="Apgd"/>, not copies.
/// <see cref="Ours"/> is Croce &amp; Hein's APGD and the default; <see cref="Reference"/> and <see cref="ReferenceRestarts"/>
/// reproduce the reference code, each of its differences a member below.
/// </summary>
public sealed record ApgdRules
{
    /// <summary>Croce &amp; Hein's APGD, per sample: what <c>apgd</c> does unless a protocol says otherwise.</summary>
    public static readonly ApgdRules Ours = new()
    {
        Title = "ours",
        FirstStep = ApgdFirstStep.TwiceEpsilon,
        Schedule = ApgdCheckpoints.Exact,
        BatchDecisions = false,
        LateHalving = false,
        Stall = ApgdStallTest.BestUnchanged,
        RestartFromBest = true,
        BestTakesTies = false,
        StepTargetInPixelRange = true,
    };

    /// <summary>
    /// The reference code's APGD ("AA", main_r/autoattack.py): first step the budget's step (epsilon / N), its
    /// floating-point checkpoints, best iterate and halving decided once per batch on the batch mean of the objective's
    /// value, halving one iteration late, the stall test on the raw value at the two checkpoints, no restart, ties
    /// after the first step taken as the new best, and the momentum step's target projected onto the ball only.
    /// </summary>
    public static readonly ApgdRules Reference = new()
    {
        Title = "reference",
        FirstStep = ApgdFirstStep.BudgetStep,
        Schedule = ApgdCheckpoints.ReferenceFloat,
        BatchDecisions = true,
        LateHalving = true,
        Stall = ApgdStallTest.ValueAndStepUnchanged,
        RestartFromBest = false,
        BestTakesTies = true,
        StepTargetInPixelRange = false,
    };

    /// <summary>
    /// The reference code's "AAR" (its <c>revised=True</c>): <see cref="Reference"/>, but at every halving the whole
    /// batch's current point is replaced by the best point (at most once per checkpoint; the previous point, which the
    /// momentum term reads, stays the one before). The catalog calls it <c>aar</c>.
    /// </summary>
    public static readonly ApgdRules ReferenceRestarts = Reference with { Title = "reference-restarts", RestartFromBest = true, AlgorithmName = "aar" };

    /// <summary>What reports call these rules: <c>ours</c>, <c>reference</c>, <c>reference-restarts</c>.</summary>
    public required string Title { get; init; }

    /// <summary>The step size of the first iteration, before any halving.</summary>
    public required ApgdFirstStep FirstStep { get; init; }

    /// <summary>How the checkpoint list is computed (<see cref="ApgdSchedule"/>).</summary>
    public required ApgdCheckpoints Schedule { get; init; }

    /// <summary>
    /// Whether the best iterate and the halving are decided once for the whole batch, on the batch mean of the
    /// objective's per-sample value (the reference's objective is a batch scalar), instead of per sample.
    /// </summary>
    public required bool BatchDecisions { get; init; }

    /// <summary>
    /// Whether the checkpoint test runs one iteration late: at iteration k = w_j, after x_{k+1} is already computed with
    /// the old step, on the values up to f(x_{w_j}); the halved step applies from x_{k+2} on. Otherwise the test runs as
    /// soon as f(x_{w_j}) is known and the halved step makes x_{w_j + 1}.
    /// </summary>
    public required bool LateHalving { get; init; }

    /// <summary>The second halving condition.</summary>
    public required ApgdStallTest Stall { get; init; }

    /// <summary>Whether a halving also moves the current point to the best point found so far.</summary>
    public required bool RestartFromBest { get; init; }

    /// <summary>Whether a value equal to the best so far (after the first step) makes its point the new best.</summary>
    public required bool BestTakesTies { get; init; }

    /// <summary>
    /// Whether the momentum step's target z = x + eta * sign is projected onto the pixel range as well as the ball
    /// (the reference projects it onto the ball only; the mixed point is projected onto both either way).
    /// </summary>
    public required bool StepTargetInPixelRange { get; init; }

    /// <summary>The catalog name of an algorithm that always runs these rules (<c>aar</c>); null for <c>apgd</c>'s own.</summary>
    public string? AlgorithmName { get; init; }

    /// <summary>The first step for <paramref name="budget"/>.</summary>
    public double FirstStepSize(AttackBudget budget) => FirstStep switch
    {
        ApgdFirstStep.TwiceEpsilon => 2 * budget.Epsilon,
        _ => budget.StepSize,
    };

    /// <summary>The checkpoints for <paramref name="iterations"/> iterations.</summary>
    public IReadOnlyList<int> Checkpoints(int iterations) => Schedule switch
    {
        ApgdCheckpoints.Exact => ApgdSchedule.Checkpoints(iterations),
        _ => ApgdSchedule.ReferenceCheckpoints(iterations),
    };

    public override string ToString() => Title;
}

/// <summary>APGD's first step size.</summary>
public enum ApgdFirstStep
{
    /// <summary>2 epsilon (Croce &amp; Hein).</summary>
    TwiceEpsilon,

    /// <summary>The budget's step, epsilon / N unless given (the reference's <c>etaStart = epsilon / numSteps</c>).</summary>
    BudgetStep,
}

/// <summary>How APGD's checkpoint list is computed.</summary>
public enum ApgdCheckpoints
{
    /// <summary>Exact decimal arithmetic, p_j &lt;= 1 kept (<see cref="ApgdSchedule.Checkpoints"/>).</summary>
    Exact,

    /// <summary>The reference's binary floating point, stopped at p_j &gt;= 1 (<see cref="ApgdSchedule.ReferenceCheckpoints"/>).</summary>
    ReferenceFloat,
}

/// <summary>APGD's second halving condition.</summary>
public enum ApgdStallTest
{
    /// <summary>Croce &amp; Hein: the step was not halved at the last checkpoint and the best value has not risen since.</summary>
    BestUnchanged,

    /// <summary>The reference: the step was not halved at the last checkpoint and the value at this checkpoint's point equals the value at the last one's.</summary>
    ValueAndStepUnchanged,
}
