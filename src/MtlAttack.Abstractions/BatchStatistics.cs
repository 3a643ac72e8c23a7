namespace MtlAttack.Abstractions;

/// <summary>
/// One task's additive statistics over one batch, as they cross the wire: the metric accumulator's state, the
/// summed per-sample loss and the sample count (Core's TaskStatistics). Adding them gives exactly the statistics
/// of the union of batches.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TaskStatisticsData(
    [property: Id(0)] double[] MetricState,
    [property: Id(1)] double LossSum,
    [property: Id(2)] long Samples);

/// <summary>Every task's statistics for one finished batch of one cell (or of the clean baseline).</summary>
[GenerateSerializer, Immutable]
public sealed record BatchStatistics(
    [property: Id(0)] WorkItem Item,
    [property: Id(1)] IReadOnlyDictionary<string, TaskStatisticsData> Tasks);
