using MtlAttack.Abstractions;
using MtlAttack.Core.Attacks.Diagnostics;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Grains.Translation;

/// <summary>
/// Core's plan, cells and batch statistics to the serializable data the grains pass and store, and back: the attack
/// grain sends a batch's statistics, the evaluation grain logs them and merges the finished batches into Core's result.
/// </summary>
public static class EvaluationStateMapping
{
    public static EvaluationPlan Plan(RobustnessEvaluator evaluator) =>
        new(evaluator.Cells.Select(ToDescriptor).ToList(), evaluator.BatchCount, evaluator.Target.Tasks.Select(t => t.Name).ToList());

    public static CellDescriptor ToDescriptor(EvaluationCell cell) => new(cell.Algorithm, cell.Objective, cell.Epsilon);

    public static EvaluationCell? ToCell(CellDescriptor? cell) => cell is null ? null : new EvaluationCell(cell.Algorithm, cell.Objective, cell.Epsilon);

    /// <summary>A work item's identity: the cell's key (or "clean") and the batch index.</summary>
    public static string KeyOf(WorkItem item) => $"{ToCell(item.Cell)?.Key ?? "clean"}#{item.Batch}";

    public static BatchStatistics ToData(WorkItem item, CellStatistics statistics) =>
        new(item, ToData(statistics.Tasks), statistics.Trace is { } t ? ToData(t) : null,
            statistics.Baselines.Count == 0 ? null : statistics.Baselines.Values.Select(b => new BaselineData(ToDescriptor(b.Cell), ToData(b.Tasks))).ToList(),
            statistics.Goals.Count == 0 ? null : statistics.Goals.ToDictionary(g => g.Key, g => new GoalData(
                g.Value.CleanLossSum, g.Value.AttackedLossSum, g.Value.CleanPixelsAtGoal, g.Value.AttackedPixelsAtGoal, g.Value.Samples, g.Value.ScoredPixels)));

    public static CellStatistics FromData(BatchStatistics batch) => new()
    {
        Tasks = FromData(batch.Tasks),
        Trace = batch.Trace is { } t ? FromData(t) : null,
        Baselines = (batch.Baselines ?? []).Select(b => new BaselineStatistics { Cell = ToCell(b.Cell)!, Tasks = FromData(b.Tasks) })
            .ToDictionary(b => b.Cell.Key),
        Goals = (batch.Goals ?? new Dictionary<string, GoalData>()).ToDictionary(g => g.Key, g => new GoalStatistics(
            g.Value.CleanLossSum, g.Value.AttackedLossSum, g.Value.CleanPixelsAtGoal, g.Value.AttackedPixelsAtGoal, g.Value.Samples, g.Value.ScoredPixels)),
    };

    private static Dictionary<string, TaskStatisticsData> ToData(Dictionary<string, TaskStatistics> tasks) =>
        tasks.ToDictionary(kv => kv.Key, kv => new TaskStatisticsData((double[])kv.Value.MetricState.Clone(), kv.Value.LossSum, kv.Value.Samples,
            kv.Value.ZeroGradientSamples, kv.Value.NonFiniteGradientSamples));

    private static Dictionary<string, TaskStatistics> FromData(IReadOnlyDictionary<string, TaskStatisticsData> tasks) =>
        tasks.ToDictionary(kv => kv.Key, kv => new TaskStatistics
        {
            MetricState = (double[])kv.Value.MetricState.Clone(),
            LossSum = kv.Value.LossSum,
            Samples = kv.Value.Samples,
            ZeroGradientSamples = kv.Value.ZeroGradientSamples,
            NonFiniteGradientSamples = kv.Value.NonFiniteGradientSamples,
        });

    private static TraceData ToData(TraceStatistics trace) =>
        new(trace.StepLossSums.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone()), (long[])trace.StepSamples.Clone(),
            trace.Samples, trace.NotIncreasing, trace.ZeroDirection, trace.NonFinite);

    private static TraceStatistics FromData(TraceData trace) => new()
    {
        StepLossSums = trace.StepLossSums.ToDictionary(kv => kv.Key, kv => (double[])kv.Value.Clone()),
        StepSamples = (long[])trace.StepSamples.Clone(),
        Samples = trace.Samples,
        NotIncreasing = trace.NotIncreasing,
        ZeroDirection = trace.ZeroDirection,
        NonFinite = trace.NonFinite,
    };

    /// <summary>Merges finished batches into Core's result, cells in plan order; a batch listed twice is counted once.</summary>
    public static EvaluationResult Merge(EvaluationPlan plan, IEnumerable<BatchStatistics> batches)
    {
        var result = new EvaluationResult();
        foreach (var cell in plan.Cells.Select(ToCell))
            result.Cells[cell!.Key] = new CellResult { Cell = cell };
        foreach (var batch in batches)
            EvaluationCheckpoint.Record(result, ToCell(batch.Item.Cell), batch.Item.Batch, FromData(batch));
        return result;
    }
}
