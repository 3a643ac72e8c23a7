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

    public void Merge(MetricAccumulator other) => Merge(other.State);

    public void Merge(IReadOnlyList<double> otherState)
    {
        if (otherState.Count != State.Length)
            throw new ArgumentException($"Cannot merge metric statistics of length {otherState.Count} into {State.Length}: the task configurations differ.");
        for (int i = 0; i < State.Length; i++) State[i] += otherState[i];
    }
}
