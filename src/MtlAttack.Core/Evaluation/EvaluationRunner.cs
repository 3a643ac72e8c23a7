namespace MtlAttack.Core.Evaluation;

/// <summary>Where a running evaluation stands: batches done of all batches, and the cell being worked on.</summary>
public readonly record struct EvaluationProgress(int BatchesDone, int BatchesTotal, string Current);

/// <summary>Runs the clean baseline and every cell batch by batch, recording each finished batch in the checkpoint.</summary>
public static class EvaluationRunner
{
    public static EvaluationResult Run(RobustnessEvaluator evaluator, EvaluationCheckpoint? checkpoint = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var result = checkpoint?.LoadOrCreate() ?? new EvaluationResult();
        int total = evaluator.BatchCount * (evaluator.Cells.Count + 1);
        int done = result.BatchesDone;

        foreach (var cell in evaluator.Cells.Prepend(null))
        {
            var finished = cell == null ? result.Clean.Batches : result.Cells.GetValueOrDefault(cell.Key)?.Statistics.Batches;
            for (int b = 0; b < evaluator.BatchCount; b++)
            {
                if (finished?.Contains(b) == true) continue;
                cancellationToken.ThrowIfCancellationRequested();
                var statistics = evaluator.EvaluateBatch(cell, b, cancellationToken);
                EvaluationCheckpoint.Record(result, cell, b, statistics);
                checkpoint?.Append(cell, b, statistics);
                progress?.Report(new EvaluationProgress(++done, total, cell?.ToString() ?? "clean"));
            }
        }
        return result;
    }
}
