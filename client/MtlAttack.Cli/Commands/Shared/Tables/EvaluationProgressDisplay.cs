using MtlAttack.Core.Evaluation;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Shared.Tables;

/// <summary>
/// Advances the bar by each finished batch's cost (<see cref="EvaluationCost"/>) and names the cell in progress. The bar
/// covers only the batches still to do, so a resumed run's time estimate comes from work actually done now.
/// </summary>
public sealed class EvaluationProgressDisplay(ProgressTask bar, RobustnessEvaluator evaluator) : IProgress<EvaluationProgress>
{
    private readonly IReadOnlyDictionary<string, double> costByCell = EvaluationCost.PerBatch(evaluator);

    public void Report(EvaluationProgress value)
    {
        bar.Increment(costByCell.GetValueOrDefault(value.Current, 1));
        // Named per cell, not per batch: off a terminal every new description becomes a log line.
        string description = Markup.Escape(value.Current);
        if (bar.Description != description) bar.Description = description;
    }
}
