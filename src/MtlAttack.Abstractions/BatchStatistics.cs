namespace MtlAttack.Abstractions;

/// <summary>
/// One task's additive statistics over one batch, as they cross the wire: the metric accumulator's state, the
/// summed per-sample loss and the sample count (Core's TaskStatistics). Adding them gives exactly the statistics
/// of the union of batches.
/// </summary>
/// The clean baseline's also count the samples whose input gradient of the task's loss is zero or not finite.
[GenerateSerializer, Immutable]
public sealed record TaskStatisticsData(
    [property: Id(0)] double[] MetricState,
    [property: Id(1)] double LossSum,
    [property: Id(2)] long Samples,
    [property: Id(3)] long ZeroGradientSamples = 0,
    [property: Id(4)] long NonFiniteGradientSamples = 0);

/// <summary>
/// Every task's statistics for one finished batch of one cell (or of the clean baseline); an attack cell's batch also
/// carries its <see cref="Trace"/> (and a targeted cell's its <see cref="Goals"/>), the clean baseline's the random-noise
/// <see cref="Baselines"/>. They are null in batches stored before they existed.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record BatchStatistics(
    [property: Id(0)] WorkItem Item,
    [property: Id(1)] IReadOnlyDictionary<string, TaskStatisticsData> Tasks,
    [property: Id(2)] TraceData? Trace = null,
    [property: Id(3)] IReadOnlyList<BaselineData>? Baselines = null,
    [property: Id(4)] IReadOnlyDictionary<string, GoalData>? Goals = null);

/// <summary>A targeted goal's sums over one batch (Core's GoalStatistics): loss to the goal and pixels at it, clean and attacked.</summary>
[GenerateSerializer, Immutable]
public sealed record GoalData(
    [property: Id(0)] double CleanLossSum,
    [property: Id(1)] double AttackedLossSum,
    [property: Id(2)] double CleanPixelsAtGoal,
    [property: Id(3)] double AttackedPixelsAtGoal,
    [property: Id(4)] long Samples,
    [property: Id(5)] double ScoredPixels);

/// <summary>An attack's trace over one batch, additive (Core's TraceStatistics): per-task loss sums per step and the diagnostic counts.</summary>
[GenerateSerializer, Immutable]
public sealed record TraceData(
    [property: Id(0)] IReadOnlyDictionary<string, double[]> StepLossSums,
    [property: Id(1)] long[] StepSamples,
    [property: Id(2)] long Samples,
    [property: Id(3)] long NotIncreasing,
    [property: Id(4)] long ZeroDirection,
    [property: Id(5)] long NonFinite);

/// <summary>One random-noise baseline cell's task statistics over one batch, carried with the clean baseline's batch.</summary>
[GenerateSerializer, Immutable]
public sealed record BaselineData(
    [property: Id(0)] CellDescriptor Cell,
    [property: Id(1)] IReadOnlyDictionary<string, TaskStatisticsData> Tasks);
