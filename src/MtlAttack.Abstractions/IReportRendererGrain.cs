namespace MtlAttack.Abstractions;

/// <summary>A completed evaluation's cells as a comparison needs them: its id, its model and its cell summaries.</summary>
[GenerateSerializer, Immutable]
public sealed record ComparedEvaluationSummary(
    [property: Id(0)] string Evaluation,
    [property: Id(1)] string Model,
    [property: Id(2)] IReadOnlyList<CellSummary> Cells);

/// <summary>
/// Renders views across evaluations that need Core's charts, on a silo: the API process carries no plotting or tensor
/// libraries. Stateless: any silo may answer, several at once; the key is unused (0).
/// </summary>
public interface IReportRendererGrain : IGrainWithIntegerKey
{
    /// <summary>A self-contained HTML page comparing the evaluations, in the order given.</summary>
    Task<string> CompareHtml(IReadOnlyList<ComparedEvaluationSummary> evaluations);
}
