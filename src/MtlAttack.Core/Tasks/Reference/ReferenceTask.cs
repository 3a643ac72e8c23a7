using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// A task as the reference study's code scores and attacks it (<see cref="Evaluation.EvaluationProtocol.Reference"/>): the
/// same head, with the reference's loss resolution and its metrics. One rule for every task, not a copy of each:
/// <list type="bullet">
/// <item>Losses at the prediction's resolution: labels and masks are nearest-downsampled to the head's output (PyTorch's
/// F.interpolate default), then the task's own per-pixel loss applies. Ours upsamples the prediction to the labels.</item>
/// <item>Metrics from <see cref="CreateAccumulator"/>: the reference's formulas, quirks included, with the prediction
/// nearest-upsampled to the labels as the reference's metric code does.</item>
/// <item>Taskonomy segmentation: every pixel is scored and the unlabelled pixels (our reader's label 255) count as class 0,
/// because the reference's loader maps raw label 0 to 1 before subtracting 1 and its loss and metric ignore the mask.</item>
/// </list>
/// </summary>
public sealed class ReferenceTask : VisionTask
{
    public ReferenceTask(VisionTask inner, ReferenceConvention convention)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (inner is ReferenceTask) throw new ArgumentException($"Task '{inner.Name}' already follows the reference protocol.", nameof(inner));
        Inner = inner;
        Convention = convention;
        Metrics = ReferenceMetricNames.For(inner.Name, convention);
    }

    /// <summary>The task as our protocol defines it: its per-pixel loss and its pixel validity rules serve both protocols.</summary>
    public VisionTask Inner { get; }

    public ReferenceConvention Convention { get; }

    public override string Name => Inner.Name;
    public override int OutputChannels => Inner.OutputChannels;
    public override int TargetChannels => Inner.TargetChannels;
    public override bool PredictsClasses => Inner.PredictsClasses;
    public override IReadOnlyList<MetricDefinition> Metrics { get; }

    /// <summary>Whether every pixel is scored and label 255 read as class 0 (Taskonomy segmentation).</summary>
    internal bool UnlabelledIsClassZero => Convention == ReferenceConvention.Taskonomy && Inner.Name == TaskNames.SegmentSemantic;

    /// <summary>The reference's NYUv2 depth validity threshold: its loader has no depth mask, so it scores depth above this.</summary>
    public const double NyuMinimumDepth = 3e-5;

    /// <summary>
    /// The labels and mask as the reference reads them, at the labels' resolution (new tensors or aliases): Taskonomy
    /// segmentation with label 255 as class 0 and every pixel scored; NYUv2 depth scored only above <see cref="NyuMinimumDepth"/>.
    /// </summary>
    internal (Tensor Target, Tensor Mask) ReferenceLabels(Tensor target, Tensor mask)
    {
        if (UnlabelledIsClassZero)
        {
            using var unlabelled = TaskNames.IgnoreLabel.ToScalar();
            using var classZero = 0.ToScalar();
            return (target.masked_fill(target.eq(unlabelled), classZero), ones_like(mask));
        }
        if (Convention == ReferenceConvention.NyuV2 && Inner.Name == TaskNames.Depth)
        {
            using var minimum = NyuMinimumDepth.ToScalar();
            return (target.alias(), ValidPixels.FromMask(mask).logical_and(target.gt(minimum)).to_type(mask.dtype));
        }
        return (target.alias(), mask.alias());
    }

    public override PixelLosses LossPerPixel(Tensor prediction, Tensor target, Tensor mask)
    {
        ValidateShapes(prediction, target, mask);
        var (labels, scored) = ReferenceLabels(target, mask);
        long height = prediction.shape[2], width = prediction.shape[3];
        return Inner.LossPerPixel(prediction, PredictionResizer.Nearest(labels, height, width), PredictionResizer.Nearest(scored, height, width))
            ?? throw new InvalidOperationException($"Task '{Name}' has no per-pixel loss, so the reference protocol cannot score it.");
    }

    /// <summary>The task's per-pixel loss at the labels' resolution on a prediction already brought there (the Taskonomy segmentation error).</summary>
    internal PixelLosses LossAtLabels(Tensor predictionAtLabels, Tensor labels, Tensor mask) =>
        Inner.LossPerPixel(predictionAtLabels, labels, mask)
        ?? throw new InvalidOperationException($"Task '{Name}' has no per-pixel loss, so the reference protocol cannot score it.");

    /// <summary>The reference's metric accumulator for this task and convention.</summary>
    public override MetricAccumulator CreateAccumulator() => (Name, Convention) switch
    {
        (TaskNames.SegmentSemantic, ReferenceConvention.NyuV2) => new ReferenceSegmentationAccumulator(this),
        (TaskNames.SegmentSemantic, ReferenceConvention.Taskonomy) => new ReferenceSegmentationErrorAccumulator(this),
        (TaskNames.Normal, ReferenceConvention.NyuV2) => new ReferenceNormalAngleAccumulator(this),
        (TaskNames.Normal, ReferenceConvention.Taskonomy) => new ReferenceCosineAccumulator(this),
        (TaskNames.Depth, _) => new ReferenceDepthAccumulator(this),
        (TaskNames.Keypoints or TaskNames.Edges, _) => new ReferenceAbsErrorAccumulator(this),
        _ => throw new ArgumentException($"The reference protocol has no metrics for task '{Name}'."),
    };

    /// <summary>
    /// <paramref name="tasks"/> as the reference protocol scores them, the convention picked from the task list
    /// (<see cref="ReferenceConventions.For"/>). Tasks already wrapped are unwrapped first, so applying it twice is harmless.
    /// </summary>
    public static IReadOnlyList<VisionTask> Wrap(IReadOnlyList<VisionTask> tasks)
    {
        var inner = tasks.Select(t => t is ReferenceTask r ? r.Inner : t).ToList();
        var convention = ReferenceConventions.For(inner.Select(t => t.Name));
        return inner.Select(t => (VisionTask)new ReferenceTask(t, convention)).ToList();
    }
}
