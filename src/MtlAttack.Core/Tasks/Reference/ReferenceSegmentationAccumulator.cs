using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks.Reference;

/// <summary>
/// NYUv2 segmentation as the reference scores it. mIoU: from the pooled confusion matrix, the mean IoU over the classes
/// with at least one true positive (ours: every class present in labels or predictions, so a class never hit counts 0).
/// Pixel Acc: each batch's pixel accuracy, averaged over batches weighted by batch size (ours: pooled over pixels).
/// State: [K x K confusion (target * K + predicted), batch-weighted accuracy, samples].
/// </summary>
internal sealed class ReferenceSegmentationAccumulator : ReferenceAccumulator
{
    private readonly int classCount;

    public ReferenceSegmentationAccumulator(ReferenceTask task) : this(task, ((SemanticSegmentationTask)task.Inner).ClassCount) { }

    private ReferenceSegmentationAccumulator(ReferenceTask task, int classCount) : base(task, classCount * classCount + 2) => this.classCount = classCount;

    protected override Tensor MetricStatistics(Tensor predictionAtLabels, Tensor labels, Tensor mask, long batchSize)
    {
        var read = SegmentationLabels.Read(Task.Name, classCount, labels, mask);
        var predicted = predictionAtLabels.argmax(1, keepdim: true);
        var cells = (read.Indices * classCount + predicted).masked_select(read.Valid);
        var correct = StatisticsVector.CountOf(predicted.eq(read.Indices).logical_and(read.Valid)).to_type(ScalarType.Float64);
        var accuracy = MeanOrZero(correct, StatisticsVector.CountOf(read.Valid).to_type(ScalarType.Float64));
        return StatisticsVector.Of(cells.bincount(null, (long)classCount * classCount), BatchWeighted(accuracy, batchSize));
    }

    protected override void AddMetrics(Dictionary<string, double> metrics, ReadOnlySpan<double> state)
    {
        var ious = SegmentationAccumulator.PerClass(state, classCount).Where(c => c.TruePositive != 0).Select(c => c.TruePositive / c.Union).ToList();
        metrics[ReferenceMetricNames.MeanIoU] = ious.Count > 0 ? ious.Sum() / ious.Count : double.NaN;
        metrics[ReferenceMetricNames.PixelAccuracy] = BatchWeightedMean(state, classCount * classCount);
    }
}
