using TorchSharp;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// Sufficient statistics of a task's metrics (confusion matrix, sums, counts, histograms), kept as one
/// vector of additive counts so that batches and shards merge exactly by addition. Metrics are computed
/// from the merged statistics only (never an average of per-batch mIoU).
/// </summary>
public abstract class MetricAccumulator
{
    protected MetricAccumulator(int stateLength) => State = new double[stateLength];

    /// <summary>The additive statistics; same length for every accumulator of the same task configuration.</summary>
    public double[] State { get; }

    /// <summary>Adds one batch: prediction [N,C,h,w] (resized to the target inside), target [N,Ct,H,W], mask [N,1,H,W] in {0,1}.</summary>
    public abstract void Update(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask);

    /// <summary>Every metric of the task, by name, from the statistics gathered so far.</summary>
    public abstract IReadOnlyDictionary<string, double> Compute();

    /// <summary>
    /// Adds a batch's statistics, gathered on the device as one float64 vector of the State's length, so an
    /// update costs a single device-to-host copy. <paramref name="owner"/> names the task in the error raised
    /// when a statistic is not finite.
    /// </summary>
    protected void AddStatistics(torch.Tensor statistics, string owner)
    {
        using var scope = torch.NewDisposeScope();
        var values = statistics.to_type(torch.ScalarType.Float64).cpu().data<double>().ToArray();
        if (values.Length != State.Length)
            throw new InvalidOperationException($"{owner}: a batch produced {values.Length} statistics for a state of {State.Length}.");
        if (!values.All(double.IsFinite))
            throw new ArgumentException($"{owner}: the batch's statistics are not finite; the prediction or target holds NaN, infinity or values too large to score.");
        for (int i = 0; i < State.Length; i++) State[i] += values[i];
    }

    public void Merge(IReadOnlyList<double> otherState)
    {
        if (otherState.Count != State.Length)
            throw new ArgumentException($"Cannot merge metric statistics of length {otherState.Count} into {State.Length}: the task configurations differ.");
        for (int i = 0; i < State.Length; i++) State[i] += otherState[i];
    }
}
