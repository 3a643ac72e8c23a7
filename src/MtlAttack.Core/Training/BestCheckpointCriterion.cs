using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Training;

/// <summary>
/// How <c>best/</c> is chosen after every epoch; a higher score is better and only a strictly higher one
/// replaces the best checkpoint, so ties keep the earlier epoch.
/// <list type="bullet">
/// <item><c>relative</c> (default): the mean over tasks of the relative improvement of the task's headline metric
/// (its first: mIoU, mean angle, absolute depth error...) against the first epoch's validation, signed as the
/// report signs relative changes (positive is better whichever way the metric runs). Tasks whose reference is 0,
/// where a relative change is undefined, are left out of the mean. Unlike a summed loss this weighs tasks
/// equally whatever their loss scales.</item>
/// <item><c>loss</c>: minus the weighted validation loss (the quantity training minimises).</item>
/// </list>
/// </summary>
public static class BestCheckpointCriterion
{
    public const string RelativeHeadline = "relative";
    public const string ValidationLoss = "loss";

    public static IReadOnlyList<string> Names { get; } = [RelativeHeadline, ValidationLoss];

    public static bool IsKnown(string? name) => name is not null && Names.Contains(name.Trim().ToLowerInvariant());

    /// <summary>The score of <paramref name="current"/>; <paramref name="reference"/> is the first epoch's validation.</summary>
    public static double Score(string criterion, IReadOnlyList<VisionTask> tasks, SplitScores reference, SplitScores current,
        IReadOnlyDictionary<string, double>? taskWeights) =>
        criterion.Trim().ToLowerInvariant() switch
        {
            RelativeHeadline => MeanRelativeHeadlineChange(tasks, reference, current),
            ValidationLoss => -current.WeightedLoss(taskWeights),
            _ => throw new ArgumentException($"Unknown best-checkpoint criterion '{criterion}'; use {string.Join(" or ", Names)}."),
        };

    /// <summary>Mean over tasks of each headline metric's relative change against the reference; NaN when none is defined.</summary>
    public static double MeanRelativeHeadlineChange(IReadOnlyList<VisionTask> tasks, SplitScores reference, SplitScores current)
    {
        var changes = new List<double>();
        foreach (var task in tasks)
        {
            var headline = task.HeadlineMetric;
            double change = headline.RelativeChange(reference.Metrics[task.Name][headline.Name], current.Metrics[task.Name][headline.Name]);
            if (double.IsFinite(change)) changes.Add(change);
        }
        return changes.Count > 0 ? changes.Average() : double.NaN;
    }

    /// <summary>Whether <paramref name="score"/> should replace <paramref name="best"/> (NaN never wins; anything beats no best).</summary>
    public static bool IsBetter(double score, double? best) =>
        best is not double b ? true : !double.IsNaN(score) && (double.IsNaN(b) || score > b);
}
