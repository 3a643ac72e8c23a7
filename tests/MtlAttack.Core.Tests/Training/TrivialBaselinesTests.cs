using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Training;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Training;

public class TrivialBaselinesTests
{
    [Fact]
    public void ConstantsAreTheMajorityClassTheMeanDepthAndTheMeanNormal()
    {
        using var scope = NewDisposeScope();
        var dataset = TinyTraining.Dataset();
        var constants = TrivialBaselines.Fit(dataset, "train", dataset.Tasks, batchSize: 3);

        var all = new MultiTaskLoader(dataset, "train", 100, shuffle: false, augment: false, seed: 0).LoadBatch(0, 0);
        var labels = all.Targets[TaskNames.SegmentSemantic].flatten().to_type(ScalarType.Int64);
        var scored = labels.masked_select(labels.ne(TaskNames.IgnoreLabel));
        long majority = scored.bincount(null, SyntheticScenesClassCount).argmax().item<long>();
        var segmentation = constants[TaskNames.SegmentSemantic];
        Assert.Equal(1f, segmentation[majority]);
        Assert.Equal(1f, segmentation.Sum());

        var depth = all.Targets[TaskNames.Depth];
        var valid = depth.gt(0).logical_and(all.Masks[TaskNames.Depth].gt(0.5));
        Assert.Equal(depth.masked_select(valid).to_type(ScalarType.Float64).mean().item<double>(), constants[TaskNames.Depth][0], 4);

        var normal = constants[TaskNames.Normal];
        Assert.Equal(1, Math.Sqrt(normal.Sum(v => v * v)), 5);
    }

    [Fact]
    public void BaselinesAreScoredLikeAModel()
    {
        var dataset = TinyTraining.Dataset();
        var result = TrivialBaselines.Compute(dataset, "test", batchSize: 4);

        Assert.Equal(2, result.Scores.Samples);
        var segmentation = result.Scores.Metrics[TaskNames.SegmentSemantic];
        Assert.InRange(segmentation[MetricNames.PixelAccuracy], 0, 1);
        Assert.InRange(segmentation[MetricNames.MeanIoU], 0, segmentation[MetricNames.PixelAccuracy]);
        Assert.InRange(result.Scores.Metrics[TaskNames.Normal][MetricNames.AngleMean], 1, 179);
        Assert.True(result.Scores.Metrics[TaskNames.Depth][MetricNames.AbsErr] > 0);
        Assert.All(result.Scores.Losses.Values, loss => Assert.True(double.IsFinite(loss) && loss > 0));
    }

    private static int SyntheticScenesClassCount => Core.Datasets.Synthetic.SyntheticScenes.ClassCount;
}
