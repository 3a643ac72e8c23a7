using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Tests.Tasks;

public class VisionTaskFactoryTests
{
    [Fact]
    public void BuildsEveryKnownTaskWithItsNameAndChannels()
    {
        foreach (var name in TaskNames.All)
        {
            var task = VisionTaskFactory.Create(name, segmentationClasses: 13);
            Assert.Equal(name, task.Name);
        }
        Assert.Equal(13, VisionTaskFactory.Create(TaskNames.SegmentSemantic, 13).OutputChannels);
        Assert.Equal(3, VisionTaskFactory.Create(TaskNames.Normal).OutputChannels);
        Assert.Equal(1, VisionTaskFactory.Create(TaskNames.Depth).OutputChannels);
        Assert.Equal(1, VisionTaskFactory.Create(TaskNames.Keypoints).OutputChannels);
        Assert.Equal(1, VisionTaskFactory.Create(TaskNames.Edges).OutputChannels);
    }

    [Fact]
    public void UnknownTaskNamesTheKnownOnes()
    {
        var error = Assert.Throws<ArgumentException>(() => VisionTaskFactory.Create("depth"));

        Assert.Contains("'depth'", error.Message);
        foreach (var name in TaskNames.All) Assert.Contains(name, error.Message);
    }

    [Fact]
    public void SegmentationNeedsItsClassCountAndKeepsItsWeights()
    {
        var error = Assert.Throws<ArgumentException>(() => VisionTaskFactory.Create(TaskNames.SegmentSemantic));
        Assert.Contains("classes", error.Message);

        var task = (SemanticSegmentationTask)VisionTaskFactory.Create(TaskNames.SegmentSemantic, 2, [0.5f, 2f]);
        Assert.Equal([0.5f, 2f], task.ClassWeights!);
    }

    [Fact]
    public void HeadlineMetricComesFirstAndGoalsAreDeclared()
    {
        Assert.Equal(new MetricDefinition(MetricNames.MeanIoU, MetricGoal.HigherIsBetter), VisionTaskFactory.Create(TaskNames.SegmentSemantic, 2).Metrics[0]);
        Assert.Equal(new MetricDefinition(MetricNames.AngleMean, MetricGoal.LowerIsBetter), VisionTaskFactory.Create(TaskNames.Normal).Metrics[0]);
        Assert.Equal(new MetricDefinition(MetricNames.AbsErr, MetricGoal.LowerIsBetter), VisionTaskFactory.Create(TaskNames.Depth).Metrics[0]);
        Assert.Equal(MetricGoal.HigherIsBetter, VisionTaskFactory.Create(TaskNames.Normal).Metric(MetricNames.Within30).Goal);
        Assert.Equal(MetricGoal.HigherIsBetter, VisionTaskFactory.Create(TaskNames.Depth).Metric(MetricNames.Delta3).Goal);
        Assert.Equal(MetricGoal.LowerIsBetter, VisionTaskFactory.Create(TaskNames.Edges).Metric(MetricNames.MeanAbsErr).Goal);
    }

    [Fact]
    public void ComputeReturnsEveryDeclaredMetric()
    {
        foreach (var name in TaskNames.All)
        {
            var task = VisionTaskFactory.Create(name, segmentationClasses: 3);
            Assert.Equal(task.Metrics.Select(m => m.Name).Order(), task.CreateAccumulator().Compute().Keys.Order());
        }
    }
}
