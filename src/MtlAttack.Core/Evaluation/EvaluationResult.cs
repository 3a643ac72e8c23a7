namespace MtlAttack.Core.Evaluation;

/// <summary>The merged statistics of an evaluation: the clean baseline and every finished cell.</summary>
public sealed class EvaluationResult
{
    public CellStatistics Clean { get; set; } = new();
    public Dictionary<string, CellResult> Cells { get; set; } = new();

    /// <summary>Batches counted so far, the clean baseline's and every cell's.</summary>
    public int BatchesDone => Clean.Batches.Count + Cells.Values.Sum(c => c.Statistics.Batches.Count);
}

public sealed class CellResult
{
    public required EvaluationCell Cell { get; init; }
    public CellStatistics Statistics { get; set; } = new();
}
