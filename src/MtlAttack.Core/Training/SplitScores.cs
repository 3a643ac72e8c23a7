namespace MtlAttack.Core.Training;

/// <summary>
/// Every task's metrics (from its accumulator's merged statistics over the whole split) and mean per-sample
/// loss on one split.
/// </summary>
public sealed record SplitScores(
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> Metrics,
    IReadOnlyDictionary<string, double> Losses,
    int Samples)
{
    /// <summary>Sum of the task losses, each times its weight (1 when not listed).</summary>
    public double WeightedLoss(IReadOnlyDictionary<string, double>? weights) =>
        Losses.Sum(kv => kv.Value * (weights is not null && weights.TryGetValue(kv.Key, out var w) ? w : 1.0));
}
