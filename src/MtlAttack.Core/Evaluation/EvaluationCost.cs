namespace MtlAttack.Core.Evaluation;

/// <summary>
/// An evaluation's work in <see cref="CellCost"/> units: what each batch of a cell costs, and what is left to do, so a
/// progress display moves in proportion to time and a resumed run's estimate comes from the work done now.
/// </summary>
public static class EvaluationCost
{
    /// <summary>The cost of one batch, by the name <see cref="EvaluationProgress.Current"/> gives it: the cell's text, or <c>clean</c>.</summary>
    public static IReadOnlyDictionary<string, double> PerBatch(RobustnessEvaluator evaluator)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        int tasks = evaluator.Target.Tasks.Count;
        var costs = evaluator.Cells.ToDictionary(c => c.ToString(), c => CellCost.Of(c, evaluator.Settings.Steps, tasks, evaluator.Settings.Restarts));
        costs["clean"] = CellCost.Of(null, evaluator.Settings.Steps, tasks);
        return costs;
    }

    /// <summary>The cost of the batches <paramref name="saved"/> does not hold yet.</summary>
    public static double Remaining(RobustnessEvaluator evaluator, EvaluationResult saved)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(saved);
        int tasks = evaluator.Target.Tasks.Count;
        double total = (evaluator.BatchCount - saved.Clean.Batches.Count) * CellCost.Of(null, evaluator.Settings.Steps, tasks);
        foreach (var cell in evaluator.Cells)
        {
            int done = saved.Cells.TryGetValue(cell.Key, out var result) ? result.Statistics.Batches.Count : 0;
            total += (evaluator.BatchCount - done) * CellCost.Of(cell, evaluator.Settings.Steps, tasks, evaluator.Settings.Restarts);
        }
        return total;
    }
}
