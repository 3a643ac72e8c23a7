namespace MtlAttack.Core.Tasks;

/// <summary>How a task's per-pixel losses become the per-sample entries an attack differentiates.</summary>
public enum LossReduction
{
    /// <summary>Each sample's mean over its own scored pixels (<see cref="VisionTask.PerSampleLoss"/>): ours.</summary>
    PerSample,

    /// <summary>
    /// Each sample's share of the batch's pooled mean over all its scored pixels, times the batch size
    /// (<see cref="VisionTask.BatchPooledShares"/>): the entries' batch mean is the pooled mean, which is the loss the
    /// reference study's single-task and total-loss attacks differentiate (PyTorch's reduction='mean').
    /// </summary>
    BatchPooled,
}
