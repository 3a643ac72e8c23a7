namespace MtlAttack.Core.Evaluation;

/// <summary>
/// One task's additive statistics over some batches: its metric accumulator's state, the summed per-sample
/// loss and the sample count. Adding two of them gives exactly the statistics of the union of their batches.
/// </summary>
public sealed class TaskStatistics
{
    public double[] MetricState { get; set; } = [];
    public double LossSum { get; set; }
    public long Samples { get; set; }

    public double MeanLoss => Samples == 0 ? double.NaN : LossSum / Samples;

    public void Add(TaskStatistics other)
    {
        if (MetricState.Length == 0) MetricState = new double[other.MetricState.Length];
        if (other.MetricState.Length != MetricState.Length)
            throw new ArgumentException("Cannot add statistics of differently configured tasks.");
        for (int i = 0; i < MetricState.Length; i++) MetricState[i] += other.MetricState[i];
        LossSum += other.LossSum;
        Samples += other.Samples;
    }
}

/// <summary>Every task's statistics for one cell (or the clean baseline) over some batches.</summary>
public sealed class CellStatistics
{
    public Dictionary<string, TaskStatistics> Tasks { get; set; } = new();

    /// <summary>Indices of the batches already counted, so that no batch is ever counted twice.</summary>
    public SortedSet<int> Batches { get; set; } = new();

    /// <summary>Adds one batch's statistics unless that batch was already counted; returns whether it was added.</summary>
    public bool AddBatch(int batchIndex, CellStatistics batch)
    {
        if (!Batches.Add(batchIndex)) return false;
        foreach (var (task, stats) in batch.Tasks)
        {
            if (!Tasks.TryGetValue(task, out var mine)) Tasks[task] = mine = new TaskStatistics();
            mine.Add(stats);
        }
        return true;
    }
}
