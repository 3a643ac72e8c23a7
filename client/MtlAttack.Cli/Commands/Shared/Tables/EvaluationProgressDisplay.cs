using MtlAttack.Core.Evaluation;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Shared.Tables;

/// <summary>
/// Advances the bar by each finished batch's cost (<see cref="CellCost"/>) and names the cell in progress. The bar
/// covers only the batches still to do, so a resumed run's time estimate comes from work actually done now.
/// </summary>
public sealed class EvaluationProgressDisplay : IProgress<EvaluationProgress>
{
    private readonly ProgressTask bar;
    private readonly Dictionary<string, double> costByCell;

    public EvaluationProgressDisplay(ProgressTask bar, RobustnessEvaluator evaluator)
    {
        this.bar = bar;
        int tasks = evaluator.Target.Tasks.Count;
        costByCell = evaluator.Cells.ToDictionary(c => c.ToString(), c => CellCost.Of(c, evaluator.Settings.Steps, tasks, evaluator.Settings.Restarts));
        costByCell["clean"] = CellCost.Of(null, evaluator.Settings.Steps, tasks);
    }

    /// <summary>Cost of the batches <paramref name="saved"/> does not hold yet.</summary>
    public static double RemainingCost(RobustnessEvaluator evaluator, EvaluationResult saved)
    {
        int tasks = evaluator.Target.Tasks.Count;
        double total = (evaluator.BatchCount - saved.Clean.Batches.Count) * CellCost.Of(null, evaluator.Settings.Steps, tasks);
        foreach (var cell in evaluator.Cells)
        {
            int done = saved.Cells.TryGetValue(cell.Key, out var result) ? result.Statistics.Batches.Count : 0;
            total += (evaluator.BatchCount - done) * CellCost.Of(cell, evaluator.Settings.Steps, tasks, evaluator.Settings.Restarts);
        }
        return total;
    }

    public void Report(EvaluationProgress value)
    {
        bar.Increment(costByCell.GetValueOrDefault(value.Current, 1));
        // Named per cell, not per batch: off a terminal every new description becomes a log line.
        string description = Markup.Escape(value.Current);
        if (bar.Description != description) bar.Description = description;
    }
}
