namespace MtlAttack.Core.Attacks.Targets;

/// <summary>
/// How far a targeted attack got on one batch, as sums that merge exactly across batches: the task's own loss to the goal
/// (summed over samples) and how many scored pixels reached the goal (<see cref="TargetGoal.Reached"/>). The ground-truth
/// metrics of a targeted cell say how much the task was damaged; these say whether it went where it was sent.
/// </summary>
public sealed record TargetedStatistics(double GoalLossSum, int Samples, double PixelsAtGoal, double ScoredPixels)
{
    public double MeanGoalLoss => Samples == 0 ? double.NaN : GoalLossSum / Samples;

    /// <summary>The fraction of scored pixels at the goal, in [0, 1].</summary>
    public double FractionAtGoal => ScoredPixels == 0 ? double.NaN : PixelsAtGoal / ScoredPixels;

    public TargetedStatistics Plus(TargetedStatistics other) =>
        new(GoalLossSum + other.GoalLossSum, Samples + other.Samples, PixelsAtGoal + other.PixelsAtGoal, ScoredPixels + other.ScoredPixels);
}
