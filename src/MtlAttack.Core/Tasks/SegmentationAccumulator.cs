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
        int k = ClassCount;
        double total = 0, correct = 0, iouSum = 0;
        int classesPresent = 0;
        for (int c = 0; c < k; c++)
        {
            double truePositive = Confusion(c, c), targetCount = 0, predictedCount = 0;
            for (int other = 0; other < k; other++)
            {
                targetCount += Confusion(c, other);
                predictedCount += Confusion(other, c);
            }
            total += targetCount;
            correct += truePositive;
            double union = targetCount + predictedCount - truePositive;
            if (union > 0)
            {
                iouSum += truePositive / union;
                classesPresent++;
            }
        }
        return new Dictionary<string, double>
        {
            [MetricNames.MeanIoU] = classesPresent > 0 ? iouSum / classesPresent : double.NaN,
            [MetricNames.PixelAccuracy] = total > 0 ? correct / total : double.NaN,
        };
    }
}
