using TorchSharp;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// One head's contract: its name, output channels, per-sample loss and metric accumulator.
/// Predictions may come at any spatial size; they are resized to the target's size before loss and metrics.
/// </summary>
public abstract class VisionTask
{
    /// <summary>Canonical task name, e.g. <c>segment_semantic</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Channels of the head's output.</summary>
    public abstract int OutputChannels { get; }

    /// <summary>Channels of the target tensor (1 for class indices and depth, 3 for normals).</summary>
    public abstract int TargetChannels { get; }

    /// <summary>All metrics, the first one being the task's headline metric (the CSV's "acc." column).</summary>
    public abstract IReadOnlyList<MetricDefinition> Metrics { get; }

    /// <summary>
    /// Per-sample loss, shape [N]: the mean over each sample's valid pixels (mask 1 and, for segmentation,
    /// label != 255). A sample without a valid pixel has loss 0.
    /// </summary>
    public abstract torch.Tensor PerSampleLoss(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask);

    /// <summary>Batch loss: the mean of the per-sample losses.</summary>
    public torch.Tensor Loss(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask) =>
        PerSampleLoss(prediction, target, mask).mean();

    public abstract MetricAccumulator CreateAccumulator();

    public MetricDefinition Metric(string name) =>
        Metrics.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"Task '{Name}' has no metric '{name}'; it has {string.Join(", ", Metrics.Select(m => m.Name))}.");

    public override string ToString() => Name;
}
