namespace MtlAttack.Core.Evaluation;

/// <summary>Where a running evaluation stands: batches done of all batches, and the cell being worked on.</summary>
public readonly record struct EvaluationProgress(int BatchesDone, int BatchesTotal, string Current);

/// <summary>Runs the clean baseline and every cell batch by batch, saving progress after each batch.</summary>
public static class EvaluationRunner
{
    public static EvaluationResult Run(RobustnessEvaluator evaluator, EvaluationCheckpoint? checkpoint = null,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var result = checkpoint?.LoadOrCreate() ?? new EvaluationResult();
        int total = evaluator.BatchCount * (evaluator.Cells.Count + 1);
        int done = result.Clean.Batches.Count + result.Cells.Values.Sum(c => c.Statistics.Batches.Count);

        void RunBatches(EvaluationCell? cell, CellStatistics statistics)
        {
            for (int b = 0; b < evaluator.BatchCount; b++)
            {
                if (statistics.Batches.Contains(b)) continue;
                cancellationToken.ThrowIfCancellationRequested();
                statistics.AddBatch(b, evaluator.EvaluateBatch(cell, b));
                checkpoint?.Save(result);
                progress?.Report(new EvaluationProgress(++done, total, cell?.ToString() ?? "clean"));
            }
        }

        RunBatches(null, result.Clean);
        foreach (var cell in evaluator.Cells)
        {
            if (!result.Cells.TryGetValue(cell.Key, out var cellResult))
                result.Cells[cell.Key] = cellResult = new CellResult { Cell = cell };
            RunBatches(cell, cellResult.Statistics);
        }
        return result;
    }
}
