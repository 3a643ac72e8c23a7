using MtlAttack.Core.Attacks.Targets;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// One targeted goal of a cell over some batches, as sums that merge exactly: the task's own loss to the goal and the
/// scored pixels at the goal, on the clean images and on the attacked ones (<see cref="TargetedOutcome"/>). The
/// ground-truth metrics say how much the task was damaged; these say whether it went where it was sent.
/// </summary>
public sealed record GoalStatistics(
    double CleanLossSum, double AttackedLossSum, double CleanPixelsAtGoal, double AttackedPixelsAtGoal, long Samples, double ScoredPixels)
{
    public static GoalStatistics Of(TargetedStatistics clean, TargetedStatistics attacked) =>
        new(clean.GoalLossSum, attacked.GoalLossSum, clean.PixelsAtGoal, attacked.PixelsAtGoal, attacked.Samples, attacked.ScoredPixels);

    public GoalStatistics Plus(GoalStatistics other) =>
        new(CleanLossSum + other.CleanLossSum, AttackedLossSum + other.AttackedLossSum, CleanPixelsAtGoal + other.CleanPixelsAtGoal,
            AttackedPixelsAtGoal + other.AttackedPixelsAtGoal, Samples + other.Samples, ScoredPixels + other.ScoredPixels);

    public GoalEffect Effect() => new(
        Samples == 0 ? double.NaN : CleanLossSum / Samples,
        Samples == 0 ? double.NaN : AttackedLossSum / Samples,
        ScoredPixels == 0 ? double.NaN : CleanPixelsAtGoal / ScoredPixels,
        ScoredPixels == 0 ? double.NaN : AttackedPixelsAtGoal / ScoredPixels);
}

/// <summary>
/// A targeted goal in the report: the mean loss to the goal and the fraction of scored pixels at the goal (a pixel of the
/// goal class, a depth within 1.25x of the goal depth, a normal within 11.25 degrees of the goal normal), clean and
/// attacked. Success is the loss falling and the fraction rising.
/// </summary>
public sealed record GoalEffect(double CleanGoalLoss, double GoalLoss, double CleanFractionAtGoal, double FractionAtGoal);
