using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// An evaluation's work in forward-pass units (a backward pass counts two): what each batch of a cell costs, and what is
/// left to do, so a progress display moves in proportion to time, its estimate of the time left holds while cheap and dear
/// cells alternate, and a resumed run's estimate comes from the work done now.
/// </summary>
public static class EvaluationCost
{
    /// <summary>The relative cost of one batch of <paramref name="cell"/>, or of the clean baseline when it is null.</summary>
    public static double Of(EvaluationCell? cell, int steps, int tasks, int restarts = 1)
    {
        const double measure = 1;
        // The clean batch also takes each task's input gradient (one forward, a backward per task) for the diagnostics.
        if (cell is null) return measure + 1 + 2 * tasks;
        if (cell.Epsilon == 0) return 2 * measure;
        // The objective's forward and backward passes, and the trace's forward at every iterate (AttackAlgorithm.RunCost).
        int objectiveBackward = AttackCatalog.ObjectiveDefinitionOf(cell.Objective).BackwardPasses(tasks);
        double attack = Restarts.Wrap(AttackCatalog.Algorithm(cell.Algorithm), restarts).RunCost(steps, tasks, objectiveBackward);
        // One forward for the clean losses the attack starts from, the attack, one forward to measure.
        return measure + attack + measure;
    }

    /// <summary>The cost of one batch, by the name <see cref="EvaluationProgress.Current"/> gives it: the cell's text, or <c>clean</c>.</summary>
    public static IReadOnlyDictionary<string, double> PerBatch(RobustnessEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        int tasks = evaluator.Target.Tasks.Count;
        var costs = evaluator.Cells.ToDictionary(c => c.ToString(), c => Of(c, evaluator.Settings.Steps, tasks, evaluator.Settings.Restarts));
        costs["clean"] = Of(null, evaluator.Settings.Steps, tasks);
        return costs;
    }

    /// <summary>The cost of the batches <paramref name="saved"/> does not hold yet.</summary>
    public static double Remaining(RobustnessEvaluator evaluator, EvaluationResult saved)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(saved);
        int tasks = evaluator.Target.Tasks.Count;
        double total = (evaluator.BatchCount - saved.Clean.Batches.Count) * Of(null, evaluator.Settings.Steps, tasks);
        foreach (var cell in evaluator.Cells)
        {
            int done = saved.Cells.TryGetValue(cell.Key, out var result) ? result.Statistics.Batches.Count : 0;
            total += (evaluator.BatchCount - done) * Of(cell, evaluator.Settings.Steps, tasks, evaluator.Settings.Restarts);
        }
        return total;
    }
}
