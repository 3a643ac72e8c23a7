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

    /// <summary>The metric a one-line summary quotes for this task: the first of <see cref="Metrics"/>.</summary>
    public MetricDefinition HeadlineMetric => Metrics[0];

    /// <summary>
    /// Per-sample loss, shape [N]: the mean over each sample's valid pixels (mask 1, plus the task's own rule:
    /// label != 255 for segmentation, depth > 0, a non-zero target normal). A sample without a valid pixel has
    /// loss 0 and a zero gradient. Differentiable with respect to the prediction. The built-in tasks take it from
    /// <see cref="LossPerPixel"/>; a task without a per-pixel form overrides this instead.
    /// </summary>
    public virtual torch.Tensor PerSampleLoss(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask) =>
        ScaledPerSampleLoss(prediction, target, mask, scale: null);

    /// <summary>Whether the head predicts a class per pixel (its <see cref="LossPerPixel"/> reference is a class index).</summary>
    public virtual bool PredictsClasses => false;

    /// <summary>
    /// The loss of every pixel before averaging, or null when the task has none (then the per-pixel attack forms do not
    /// apply to it). The tensors belong to the caller's dispose scope.
    /// </summary>
    public virtual PixelLosses? LossPerPixel(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask) => null;

    /// <summary>
    /// The per-sample loss with every pixel's loss multiplied by <paramref name="scale"/>'s factor ([N,1,H,W], or
    /// anything that broadcasts against the values) before the weighted mean, whose denominator stays the task's own: the
    /// per-pixel attack forms reweight pixels this way. Without a scale it is <see cref="PerSampleLoss"/>.
    /// </summary>
    public torch.Tensor ScaledPerSampleLoss(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask, Func<PixelLosses, torch.Tensor>? scale)
    {
        using var scope = torch.NewDisposeScope();
        var pixels = LossPerPixel(prediction, target, mask)
            ?? throw new InvalidOperationException($"Task '{Name}' has no per-pixel loss, so a per-pixel loss form cannot rescale it.");
        var values = scale is null ? pixels.Values : pixels.Values * scale(pixels);
        return PerSampleMean.Weighted(values, pixels.Weights).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// [N] entries whose batch mean is the batch-pooled loss sum(w * v) / sum(w) over every scored pixel of the batch:
    /// sample i's entry is N * sum_i(w * v) / sum(w) (<see cref="LossReduction.BatchPooled"/>). A batch without a scored
    /// pixel gives zeros. Differentiable with respect to the prediction.
    /// </summary>
    public torch.Tensor BatchPooledShares(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        var pixels = LossPerPixel(prediction, target, mask)
            ?? throw new InvalidOperationException($"Task '{Name}' has no per-pixel loss, so it cannot be pooled over the batch.");
        return PerSampleMean.PooledShares(pixels.Values, pixels.Weights).MoveToOuterDisposeScope();
    }

    /// <summary>Batch loss: the mean of the per-sample losses.</summary>
    public torch.Tensor Loss(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask) =>
        PerSampleLoss(prediction, target, mask).mean();

    public abstract MetricAccumulator CreateAccumulator();

    /// <summary>
    /// Throws an <see cref="ArgumentException"/> naming this task and what was expected unless prediction is
    /// [N,OutputChannels,h,w] floating point, target [N,TargetChannels,H,W] and mask [N,1,H,W]. The
    /// prediction's h x w may differ from the target's: it is resized. Libtorch's own errors on a mismatch are about
    /// broadcasting or gather indices, far from the cause.
    /// </summary>
    public void ValidateShapes(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask)
    {
        ValidateTargetShapes(target, mask);
        if (prediction.dim() != 4)
            throw new ArgumentException($"{Name}: prediction must be [N,C,H,W], got {Describe(prediction)}.", nameof(prediction));
        if (!prediction.is_floating_point())
            throw new ArgumentException($"{Name}: prediction must be floating point, got {prediction.dtype}.", nameof(prediction));
        if (prediction.shape[1] != OutputChannels)
            throw new ArgumentException($"{Name}: prediction has {prediction.shape[1]} channels, expected {OutputChannels}.", nameof(prediction));
        if (prediction.shape[0] != target.shape[0])
            throw new ArgumentException($"{Name}: prediction holds {prediction.shape[0]} samples but the target holds {target.shape[0]}.", nameof(prediction));
        if (prediction.shape[2] == 0 || prediction.shape[3] == 0)
            throw new ArgumentException($"{Name}: prediction has no pixels, {Describe(prediction)}.", nameof(prediction));
    }

    /// <summary>As <see cref="ValidateShapes"/>, for a batch's target and mask alone (datasets, loaders).</summary>
    public void ValidateTargetShapes(torch.Tensor target, torch.Tensor mask)
    {
        if (target.dim() != 4)
            throw new ArgumentException($"{Name}: target must be [N,{TargetChannels},H,W], got {Describe(target)}.", nameof(target));
        if (target.shape[1] != TargetChannels)
            throw new ArgumentException($"{Name}: target has {target.shape[1]} channels, expected {TargetChannels}.", nameof(target));
        long[] expectedMask = [target.shape[0], 1, target.shape[2], target.shape[3]];
        if (!mask.shape.SequenceEqual(expectedMask))
            throw new ArgumentException($"{Name}: mask must be [{string.Join(",", expectedMask)}] to match the target, got {Describe(mask)}.", nameof(mask));
    }

    private static string Describe(torch.Tensor tensor) => $"[{string.Join(",", tensor.shape)}]";

    /// <summary>The prediction checked and resized to the target: the common first step of every loss.</summary>
    internal torch.Tensor AlignedPrediction(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask)
    {
        ValidateShapes(prediction, target, mask);
        return PredictionResizer.ToTargetSize(prediction, target);
    }

    /// <summary>
    /// As <see cref="AlignedPrediction"/>, detached, and refused when not finite: a NaN would otherwise
    /// turn into an arbitrary class or histogram bin and the report would look plausible.
    /// </summary>
    internal torch.Tensor ScoredPrediction(torch.Tensor prediction, torch.Tensor target, torch.Tensor mask)
    {
        var aligned = AlignedPrediction(prediction.detach(), target, mask);
        if (!aligned.isfinite().all().item<bool>())
            throw new ArgumentException($"{Name}: prediction contains NaN or infinite values; metrics cannot be computed.", nameof(prediction));
        return aligned;
    }

    public MetricDefinition Metric(string name) =>
        Metrics.FirstOrDefault(m => m.Name == name)
        ?? throw new ArgumentException($"Task '{Name}' has no metric '{name}'; it has {string.Join(", ", Metrics.Select(m => m.Name))}.");

    public override string ToString() => Name;
}
