using MtlAttack.Core.Tasks;
using MtlAttack.Core.Training;

namespace MtlAttack.Core.Study;

/// <summary>
/// How good a model is on clean images, on one scale for every task: per task, the fraction of the gap between the
/// trivial baseline's headline metric and a perfect one that the model closes (1 = perfect, 0 = no better than a
/// constant prediction, negative = worse), averaged over tasks. A perfect lower-is-better metric (an error) is 0; a
/// perfect higher-is-better headline is 1 (the headlines of that kind are fractions: mIoU). Not the relative change
/// against the baseline: an mIoU of 0.5 against a baseline's 0.07 is a +600% change, which would outweigh every other task.
/// </summary>
public static class CleanSkill
{
    public static double Of(IReadOnlyList<VisionTask> tasks, SplitScores baseline, SplitScores model) =>
        StudyCells.Mean(tasks.Select(task =>
        {
            var headline = task.HeadlineMetric;
            return Closed(headline.Goal, baseline.Metrics[task.Name][headline.Name], model.Metrics[task.Name][headline.Name]);
        }));

    /// <summary>The fraction of the baseline's gap to perfect that <paramref name="value"/> closes; NaN where the baseline is already perfect.</summary>
    public static double Closed(MetricGoal goal, double baseline, double value)
    {
        double perfect = goal == MetricGoal.HigherIsBetter ? 1 : 0;
        double gap = perfect - baseline;
        return gap == 0 ? double.NaN : (value - baseline) / gap;
    }
}
