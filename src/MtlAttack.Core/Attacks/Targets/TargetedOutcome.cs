using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Datasets;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Targets;

/// <summary>Measures a targeted attack's <see cref="TargetedStatistics"/> on one batch.</summary>
public static class TargetedOutcome
{
    /// <summary>
    /// Every goal's statistics on the clean images and on the attack's: for an ensemble's several candidate image sets,
    /// per goal the candidate that came closest (the lowest summed loss to the goal).
    /// </summary>
    public static Dictionary<string, GoalStatistics> Goals(AttackTarget target, MultiTaskBatch batch, IReadOnlyList<Tensor> candidates, IReadOnlyList<TargetGoal> goals)
    {
        var clean = Measure(target, batch, batch.Images, goals);
        var attacked = candidates.Select(images => Measure(target, batch, images, goals)).ToList();
        return goals.ToDictionary(g => g.Task, g => GoalStatistics.Of(clean[g.Task], attacked.MinBy(a => a[g.Task].GoalLossSum)![g.Task]));
    }

    /// <summary>The statistics of every goal of <paramref name="goals"/> for the model's predictions at <paramref name="images"/>.</summary>
    public static IReadOnlyDictionary<string, TargetedStatistics> Measure(AttackTarget target, MultiTaskBatch batch, Tensor images, IReadOnlyList<TargetGoal> goals)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var outputs = target.Forward(images);
        var result = new Dictionary<string, TargetedStatistics>();
        foreach (var goal in goals)
        {
            var task = target.Tasks[target.TaskIndex(goal.Task)];
            var mask = batch.Masks[task.Name];
            var map = goal.Goal(task, batch.Targets[task.Name], mask);
            var pixels = task.LossPerPixel(outputs[task.Name], map, mask)
                ?? throw new InvalidOperationException($"Task '{task.Name}' has no per-pixel loss to measure a goal by.");
            var scored = pixels.Weights.gt(0);
            var reached = goal.Reached(pixels).logical_and(scored);
            double loss = task.PerSampleLoss(outputs[task.Name], map, mask).sum().to_type(ScalarType.Float64).item<double>();
            result[goal.Task] = new TargetedStatistics(loss, (int)images.shape[0],
                reached.sum().to_type(ScalarType.Float64).item<double>(), scored.sum().to_type(ScalarType.Float64).item<double>());
        }
        return result;
    }
}
