namespace MtlAttack.Abstractions;

/// <summary>
/// One evaluation (key: its id). Plans cells and shards, fans out to attack grains, merges and persists every finished
/// batch, resumes after a silo dies, and writes the report when done.
/// </summary>
public interface IEvaluationGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates and starts the evaluation; returns at once. Starting an evaluation that already exists returns its status.
    /// <paramref name="registration"/> is the tenant's registration of the request's model: the tenant grain, which starts
    /// evaluations, passes what the evaluation needs, so the evaluation never calls back into the tenant waiting on it.
    /// With a <paramref name="budget"/>, a plan of more batches than the tenant may still queue is refused
    /// (<see cref="MtlAttackErrorKind.QuotaExceeded"/>) before anything is persisted.
    /// </summary>
    Task<EvaluationStatus> Start(EvaluationRequest request, ModelRegistration registration, BatchBudget? budget = null);

    Task<EvaluationStatus> GetStatus();

    Task<EvaluationStatus> Cancel();

    /// <summary>The report as JSON (the same report.json the CLI writes), once completed; null before.</summary>
    Task<string?> GetReportJson();

    /// <summary>
    /// The report in <paramref name="format"/> (<c>json</c>, <c>csv</c> or <c>md</c>, the CLI's three files), once
    /// completed; null before. An unknown format is an <see cref="MtlAttackErrorKind.InvalidRequest"/>.
    /// </summary>
    Task<string?> GetReport(string format);

    /// <summary>
    /// Deletes an ended evaluation's stored state (head and batch records) and returns its report directory, whose files
    /// are the caller's to delete (null when it had none). <see cref="MtlAttackErrorKind.Conflict"/> while it runs:
    /// cancel it first. Afterwards the id reads as unknown.
    /// </summary>
    Task<string?> Forget();

    /// <summary>Every cell's average and per-task relative drop, in plan order, once completed; null before.</summary>
    Task<IReadOnlyList<CellSummary>?> GetSummary();
}
