using MtlAttack.Core.Tasks;
using MtlAttack.Core.Tasks.Reference;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Tasks.Reference;

/// <summary>
/// The reference protocol's metrics against make_reference.py's values, each batch in its own accumulator and the two
/// merged, as the service merges batches: mIoU over classes with a true positive, &lt;= thresholds, the negative-depth
/// quirk, batch-size-weighted per-batch means, Taskonomy's one metric per task with unlabelled pixels as class 0.
/// </summary>
public class ReferenceMetricTests
{
    [Theory]
    [InlineData("nyuv2")]
    [InlineData("taskonomy")]
    public void MergedBatchesGiveTheReferenceMetrics(string convention)
    {
        var fixture = ReferenceFixtures.Load(convention);
        var expected = fixture.Metrics;
        var seen = new HashSet<string>();
        foreach (var task in fixture.WrappedTasks(convention))
        {
            var merged = task.CreateAccumulator();
            for (int b = 0; b < fixture.BatchCount; b++)
            {
                using var scope = NewDisposeScope();
                var (prediction, target, mask) = fixture.Batch(b, task.Name);
                var batch = task.CreateAccumulator();
                batch.Update(prediction, target, mask);
                merged.Merge(batch.State);
            }
            var metrics = merged.Compute();
            foreach (var metric in task.Metrics)
            {
                // The median comes from a 0.01-degree histogram (within 0.005 degrees); the rest from fixed-point sums.
                double tolerance = metric.Name == ReferenceMetricNames.AngleMedian ? 0.005 + 1e-9 : 1e-5;
                Assert.True(Math.Abs(expected[metric.Name] - metrics[metric.Name]) <= tolerance,
                    $"{convention} {task.Name} {metric.Name}: expected {expected[metric.Name]}, got {metrics[metric.Name]}");
                seen.Add(metric.Name);
            }
            Assert.Equal(fixture.ReferencePooledLoss(task.Name), metrics[ReferenceMetricNames.PooledLoss], 1e-8);
            Assert.Equal(fixture.ReferencePerSampleLoss(task.Name), metrics[ReferenceMetricNames.PerSampleLoss], 1e-8);
        }
        Assert.Equal(expected.Keys.Order(), seen.Order());
    }

    [Fact]
    public void MeanIouSkipsClassesWithoutATruePositiveWhereOursCountsThemZero()
    {
        var fixture = ReferenceFixtures.Load("nyuv2");
        var reference = fixture.WrappedTasks("nyuv2").Single(t => t.Name == TaskNames.SegmentSemantic);
        var ours = ((ReferenceTask)reference).Inner;
        var (prediction, target, mask) = fixture.Batch(0, TaskNames.SegmentSemantic);
        var referenceAccumulator = reference.CreateAccumulator();
        var oursAccumulator = (SegmentationAccumulator)ours.CreateAccumulator();
        referenceAccumulator.Update(prediction, target, mask);
        oursAccumulator.Update(prediction, target, mask);

        // The fixture labels class 3 (corner pixels) but never predicts it: ours averages its IoU of 0, the reference skips it.
        Assert.Equal(0, oursAccumulator.Confusion(3, 3));
        Assert.True(oursAccumulator.Confusion(3, 0) + oursAccumulator.Confusion(3, 1) + oursAccumulator.Confusion(3, 2) > 0);
        Assert.True(referenceAccumulator.Compute()[ReferenceMetricNames.MeanIoU] > oursAccumulator.Compute()[MetricNames.MeanIoU]);
    }

    [Fact]
    public void DepthRatioAtTheThresholdAndNegativePredictionsPassEveryThreshold()
    {
        var task = new ReferenceTask(new DepthTask(), ReferenceConvention.NyuV2);
        // One sample, 1x3 pixels: ratio exactly 1.25 (passes <=), a negative prediction (passes: both ratios negative),
        // and a prediction of 0 (its ratio t/p is infinite: fails).
        var prediction = tensor(new double[] { 5, -1, 0 }, dtype: ScalarType.Float64).reshape(1, 1, 1, 3);
        var target = tensor(new double[] { 4, 2, 2 }, dtype: ScalarType.Float64).reshape(1, 1, 1, 3);
        var accumulator = task.CreateAccumulator();
        accumulator.Update(prediction, target, ones_like(target));
        var metrics = accumulator.Compute();
        Assert.Equal(200.0 / 3, metrics[ReferenceMetricNames.Sigma1], 9);
        Assert.Equal(200.0 / 3, metrics[ReferenceMetricNames.Sigma3], 9);
        // abs_err by hand: (1 + 3 + 2) / 3; rel_err: (1/4 + 3/2 + 2/2) / 3.
        Assert.Equal(2.0, metrics[ReferenceMetricNames.AbsErr], 6);
        Assert.Equal((0.25 + 1.5 + 1.0) / 3, metrics[ReferenceMetricNames.RelErr], 6);

        var ours = new DepthTask().CreateAccumulator();
        ours.Update(prediction, target, ones_like(target));
        Assert.Equal(0.0, ours.Compute()[MetricNames.Delta1]); // ours: 1.25 is not below 1.25, and a negative depth fails
    }

    [Fact]
    public void NormalAnglesArePooledOverPixelsAndThresholdedInPercent()
    {
        var task = new ReferenceTask(new SurfaceNormalTask(), ReferenceConvention.NyuV2);
        // 60 degrees apart in the xy plane (cos 0.5 exactly): above 30, so counted by neither; 0 degrees: counted by every threshold.
        var prediction = tensor(new double[] { 1, 1, 0, 0, 0, 0 }, dtype: ScalarType.Float64).reshape(1, 3, 1, 2);
        var target = tensor(new double[] { 1, 0.5, 0, Math.Sqrt(0.75), 0, 0 }, dtype: ScalarType.Float64).reshape(1, 3, 1, 2);
        var accumulator = task.CreateAccumulator();
        accumulator.Update(prediction, target, ones(1, 1, 1, 2));
        var metrics = accumulator.Compute();
        Assert.Equal(50.0, metrics[ReferenceMetricNames.Angle30], 9);
        Assert.Equal(30.0, metrics[ReferenceMetricNames.AngleMean], 4);
    }
}
