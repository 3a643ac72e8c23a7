namespace MtlAttack.Abstractions;

public enum EvaluationState
{
    /// <summary>No evaluation was started under this id.</summary>
    Unknown,
    Running,
    Completed,
    Failed,
    Cancelled,
}

/// <summary>
/// Where an evaluation stands: its state, batches done of all batches, the error that stopped it, and, while it is
/// running but cannot go on (no silo may host its model, or the state database cannot be used), why it waits.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EvaluationStatus(
    [property: Id(0)] string EvaluationId,
    [property: Id(1)] EvaluationState State,
    [property: Id(2)] int BatchesDone,
    [property: Id(3)] int BatchesTotal,
    [property: Id(4)] string? Error = null,
    [property: Id(5)] string? ReportDirectory = null,
    [property: Id(6)] ModelKey? Model = null,
    [property: Id(7)] string? Waiting = null)
{
    public bool IsFinished => State is EvaluationState.Completed or EvaluationState.Failed or EvaluationState.Cancelled;
}

/// <summary>One cell's outcome: the average relative drop over tasks and each task's own (fractions; 0.25 = 25% worse).</summary>
[GenerateSerializer, Immutable]
public sealed record CellSummary(
    [property: Id(0)] CellDescriptor Cell,
    [property: Id(1)] double AvgRelativeDrop,
    [property: Id(2)] IReadOnlyDictionary<string, double> TaskRelativeDrop);
