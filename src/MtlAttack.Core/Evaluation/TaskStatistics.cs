using MtlAttack.Core.Attacks.Diagnostics;

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

    /// <summary>Clean baseline only: samples whose input gradient of this task's loss is zero everywhere.</summary>
    public long ZeroGradientSamples { get; set; }

    /// <summary>Clean baseline only: samples whose input gradient of this task's loss has a non-finite value.</summary>
    public long NonFiniteGradientSamples { get; set; }

    public double MeanLoss => Samples == 0 ? double.NaN : LossSum / Samples;

    public void Add(TaskStatistics other)
    {
        if (MetricState.Length == 0) MetricState = new double[other.MetricState.Length];
        if (other.MetricState.Length != MetricState.Length)
            throw new ArgumentException("Cannot add statistics of differently configured tasks.");
        for (int i = 0; i < MetricState.Length; i++) MetricState[i] += other.MetricState[i];
        LossSum += other.LossSum;
        Samples += other.Samples;
        ZeroGradientSamples += other.ZeroGradientSamples;
        NonFiniteGradientSamples += other.NonFiniteGradientSamples;
    }
}

/// <summary>
/// Every task's statistics for one cell (or the clean baseline) over some batches; for an attack cell also its
/// <see cref="Trace"/>, for the clean baseline also the random-noise <see cref="Baselines"/> at every epsilon.
/// </summary>
public sealed class CellStatistics
{
    public Dictionary<string, TaskStatistics> Tasks { get; set; } = new();

    /// <summary>What the attack's iterates showed (loss trajectories, diagnostics); null for the clean baseline and noise.</summary>
    public TraceStatistics? Trace { get; set; }

    /// <summary>
    /// Clean baseline only: the random-noise cells (<see cref="NoiseBaseline"/>), by their cell key. They are measured
    /// with the clean batch, so an evaluation's plan, its work items and their count are those of the attack cells alone.
    /// </summary>
    public Dictionary<string, BaselineStatistics> Baselines { get; set; } = new();

    /// <summary>A targeted cell's goals, by task (<see cref="GoalStatistics"/>); empty for every other cell.</summary>
    public Dictionary<string, GoalStatistics> Goals { get; set; } = new();

    /// <summary>Indices of the batches already counted, so that no batch is ever counted twice.</summary>
    public SortedSet<int> Batches { get; set; } = new();

    /// <summary>Adds one batch's statistics unless that batch was already counted; returns whether it was added.</summary>
    public bool AddBatch(int batchIndex, CellStatistics batch)
    {
        if (!Batches.Add(batchIndex)) return false;
        AddTasks(Tasks, batch.Tasks);
        if (batch.Trace is not null) (Trace ??= new TraceStatistics()).Add(batch.Trace);
        foreach (var (task, goal) in batch.Goals) Goals[task] = Goals.TryGetValue(task, out var mine) ? mine.Plus(goal) : goal;
        foreach (var (key, baseline) in batch.Baselines)
        {
            if (!Baselines.TryGetValue(key, out var mine)) Baselines[key] = mine = new BaselineStatistics { Cell = baseline.Cell };
            AddTasks(mine.Tasks, baseline.Tasks);
        }
        return true;
    }

    private static void AddTasks(Dictionary<string, TaskStatistics> into, Dictionary<string, TaskStatistics> batch)
    {
        foreach (var (task, stats) in batch)
        {
            if (!into.TryGetValue(task, out var mine)) into[task] = mine = new TaskStatistics();
            mine.Add(stats);
        }
    }
}

/// <summary>One random-noise baseline cell's task statistics, carried with the clean baseline's batches.</summary>
public sealed class BaselineStatistics
{
    public required EvaluationCell Cell { get; init; }
    public Dictionary<string, TaskStatistics> Tasks { get; set; } = new();
}
