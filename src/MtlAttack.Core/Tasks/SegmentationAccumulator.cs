using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tasks;

/// <summary>
/// Confusion matrix of <c>segment_semantic</c>: State[target * K + predicted] counts scored pixels.
/// Counts are integers, so merging is exact.
/// </summary>
public sealed class SegmentationAccumulator : MetricAccumulator
{
    private readonly SemanticSegmentationTask _task;

    internal SegmentationAccumulator(SemanticSegmentationTask task) : base(task.ClassCount * task.ClassCount) => _task = task;

    public int ClassCount => _task.ClassCount;

    /// <summary>Pixels counted with target class <paramref name="target"/> and predicted class <paramref name="predicted"/>.</summary>
    public double Confusion(int target, int predicted) => State[target * ClassCount + predicted];

    public override void Update(Tensor prediction, Tensor target, Tensor mask)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var logits = _task.ScoredPrediction(prediction, target, mask);
        var labels = SegmentationLabels.Read(_task.Name, ClassCount, target, mask);
        var predicted = logits.argmax(1, keepdim: true);
        var cells = (labels.Indices * ClassCount + predicted).masked_select(labels.Valid);
        AddStatistics(cells.bincount(null, (long)ClassCount * ClassCount), _task.Name);
    }

    /// <summary>
    /// mIoU: mean of TP / (TP + FP + FN) over the classes whose union is not empty (a class absent from both
    /// targets and predictions is skipped, not counted as 0 or 1). Pixel accuracy: trace / total.
    /// Both are NaN before any pixel was scored.
    /// </summary>
    public override IReadOnlyDictionary<string, double> Compute()
    {
        var classes = PerClass(State, ClassCount);
        var ious = classes.Where(c => c.Union > 0).Select(c => c.TruePositive / c.Union).ToList();
        double total = classes.Sum(c => c.Labelled);
        return new Dictionary<string, double>
        {
            [MetricNames.MeanIoU] = ious.Count > 0 ? ious.Sum() / ious.Count : double.NaN,
            [MetricNames.PixelAccuracy] = total > 0 ? classes.Sum(c => c.TruePositive) / total : double.NaN,
        };
    }

    /// <summary>
    /// Per class of a K x K confusion matrix laid out as <see cref="MetricAccumulator.State"/> is (target * K + predicted):
    /// its true positives, the pixels labelled with it, and the union of the pixels labelled with it and predicted as it.
    /// </summary>
    internal static (double TruePositive, double Labelled, double Union)[] PerClass(ReadOnlySpan<double> confusion, int classCount)
    {
        var classes = new (double TruePositive, double Labelled, double Union)[classCount];
        for (int c = 0; c < classCount; c++)
        {
            double truePositive = confusion[c * classCount + c], labelled = 0, predicted = 0;
            for (int other = 0; other < classCount; other++)
            {
                labelled += confusion[c * classCount + other];
                predicted += confusion[other * classCount + c];
            }
            classes[c] = (truePositive, labelled, labelled + predicted - truePositive);
        }
        return classes;
    }
}
