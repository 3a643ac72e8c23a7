using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// What every reference metric accumulator shares. The reference scores each batch with the prediction nearest-upsampled to
/// the labels, and many of its metrics are per-batch values averaged over batches weighted by the batch size; such a value
/// is kept as sum_b n_b * v_b in quanta of <see cref="BatchQuantum"/> beside sum_b n_b, so batches still merge exactly by
/// addition in any order (the service merges them as they finish). After the metric statistics come the task's loss as the
/// reference's CSV compares it: [sum over batches of the batch-pooled loss, of the mean per-sample loss, batches].
/// </summary>
internal abstract class ReferenceAccumulator : MetricAccumulator
{
    /// <summary>2^-32: per-batch values are rounded to it; sums stay exact below 2^21 (two million) units.</summary>
    public const double BatchQuantum = 1.0 / (1L << 32);

    private const int LossStateLength = 3;
    private readonly int metricStateLength;

    protected ReferenceAccumulator(ReferenceTask task, int metricStateLength) : base(metricStateLength + LossStateLength)
    {
        Task = task;
        this.metricStateLength = metricStateLength;
    }

    protected ReferenceTask Task { get; }

    public sealed override void Update(Tensor prediction, Tensor target, Tensor mask)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Task.ValidateShapes(prediction, target, mask);
        var detached = prediction.detach();
        if (!detached.isfinite().all().item<bool>())
            throw new ArgumentException($"{Task.Name}: prediction contains NaN or infinite values; metrics cannot be computed.", nameof(prediction));
        var (labels, scored) = Task.ReferenceLabels(target, mask);
        var atLabels = PredictionResizer.Nearest(detached, labels.shape[2], labels.shape[3]);
        var metrics = MetricStatistics(atLabels, labels, scored, detached.shape[0]);

        var pixels = Task.LossPerPixel(detached, target, mask);
        var pooled = PerSampleMean.PooledShares(pixels.Values, pixels.Weights).mean();
        var perSample = PerSampleMean.Weighted(pixels.Values, pixels.Weights).mean();
        AddStatistics(StatisticsVector.Of(metrics,
            FixedPointSum.InQuanta(pooled, BatchQuantum), FixedPointSum.InQuanta(perSample, BatchQuantum), StatisticsVector.NumelOf(pooled)), Task.Name);
    }

    /// <summary>The batch's metric statistics, <c>metricStateLength</c> values, from the prediction at the labels' resolution.</summary>
    protected abstract Tensor MetricStatistics(Tensor predictionAtLabels, Tensor labels, Tensor mask, long batchSize);

    /// <summary>The metrics from the merged metric statistics.</summary>
    protected abstract void AddMetrics(Dictionary<string, double> metrics, ReadOnlySpan<double> state);

    public sealed override IReadOnlyDictionary<string, double> Compute()
    {
        var metrics = new Dictionary<string, double>();
        AddMetrics(metrics, State.AsSpan(0, metricStateLength));
        double batches = State[^1];
        metrics[ReferenceMetricNames.PooledLoss] = batches > 0 ? State[^3] * BatchQuantum / batches : double.NaN;
        metrics[ReferenceMetricNames.PerSampleLoss] = batches > 0 ? State[^2] * BatchQuantum / batches : double.NaN;
        return metrics;
    }

    /// <summary>n_b * <paramref name="batchValue"/> in <see cref="BatchQuantum"/>s, then n_b: a batch-size-weighted term and its weight.</summary>
    protected static Tensor BatchWeighted(Tensor batchValue, long batchSize)
    {
        using var size = batchSize.ToScalar();
        return StatisticsVector.Of(FixedPointSum.InQuanta(batchValue.mul(size), BatchQuantum), tensor(new double[] { batchSize }, device: batchValue.device));
    }

    /// <summary>The batch-size-weighted mean of a value kept by <see cref="BatchWeighted"/> at <paramref name="at"/> (its weight follows).</summary>
    protected static double BatchWeightedMean(ReadOnlySpan<double> state, int at) =>
        state[at + 1] > 0 ? state[at] * BatchQuantum / state[at + 1] : double.NaN;

    /// <summary>100 * count / pixels: a share in percent, as the reference reports its thresholds; NaN before any pixel.</summary>
    protected static double Percent(double count, double pixels) => pixels > 0 ? 100.0 * count / pixels : double.NaN;

    /// <summary>sum / count, or 0 for a batch without a scored pixel (the reference would get NaN and spoil the whole mean).</summary>
    protected static Tensor MeanOrZero(Tensor sum, Tensor count)
    {
        using var zero = 0.ToScalar();
        return where(count.gt(zero), sum / count.clamp_min(1), zeros_like(sum));
    }
}
