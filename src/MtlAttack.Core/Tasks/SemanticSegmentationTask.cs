using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// <c>segment_semantic</c>: per-pixel class logits [N,K,h,w] against labels [N,1,H,W] (float or integer, 255 = ignore).
/// Loss: cross-entropy, optionally class-weighted (Taskonomy's semseg_prior_factor) with PyTorch's weighted-mean
/// semantics: sum_i w[y_i] * nll_i / sum_i w[y_i] over a sample's scored pixels.
/// Metrics: mIoU (headline) and pixel accuracy, from a K x K confusion matrix.
/// </summary>
public sealed class SemanticSegmentationTask : VisionTask
{
    private static readonly IReadOnlyList<MetricDefinition> MetricList =
    [
        new(MetricNames.MeanIoU, MetricGoal.HigherIsBetter),
        new(MetricNames.PixelAccuracy, MetricGoal.HigherIsBetter),
    ];

    private readonly float[]? _classWeights;

    public SemanticSegmentationTask(int classCount, IReadOnlyList<float>? classWeights = null)
    {
        // 255 is the ignore label, so classes must stay below it.
        if (classCount < 1 || classCount > TaskNames.IgnoreLabel)
            throw new ArgumentOutOfRangeException(nameof(classCount), classCount, $"{TaskNames.SegmentSemantic}: the number of classes must be 1..{TaskNames.IgnoreLabel}.");
        if (classWeights is not null)
        {
            if (classWeights.Count != classCount)
                throw new ArgumentException($"{TaskNames.SegmentSemantic}: {classWeights.Count} class weights given for {classCount} classes.", nameof(classWeights));
            int bad = classWeights.ToList().FindIndex(w => !float.IsFinite(w) || w < 0);
            if (bad >= 0)
                throw new ArgumentException($"{TaskNames.SegmentSemantic}: class weight {bad} is {classWeights[bad]}; weights must be finite and non-negative.", nameof(classWeights));
            _classWeights = [.. classWeights];
        }
        ClassCount = classCount;
    }

    public override string Name => TaskNames.SegmentSemantic;
    public override int OutputChannels => ClassCount;
    public override int TargetChannels => 1;
    public override IReadOnlyList<MetricDefinition> Metrics => MetricList;

    public int ClassCount { get; }

    /// <summary>Per-class loss weights, or null for the unweighted cross-entropy.</summary>
    public IReadOnlyList<float>? ClassWeights => _classWeights;

    public override bool PredictsClasses => true;

    public override PixelLosses LossPerPixel(Tensor prediction, Tensor target, Tensor mask)
    {
        var logits = AlignedPrediction(prediction, target, mask);
        var labels = SegmentationLabels.Read(Name, ClassCount, target, mask);
        var negativeLogLikelihood = -nn.functional.log_softmax(logits, 1).gather(1, labels.Indices);
        var weights = labels.Valid.to_type(logits.dtype);
        if (_classWeights is not null)
            weights *= tensor(_classWeights, dtype: logits.dtype, device: logits.device).take(labels.Indices);
        return new PixelLosses(negativeLogLikelihood, weights, logits, labels.Indices);
    }

    public override MetricAccumulator CreateAccumulator() => new SegmentationAccumulator(this);
}
