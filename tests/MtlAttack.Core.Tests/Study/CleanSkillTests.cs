using MtlAttack.Core.Study;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Training;

namespace MtlAttack.Core.Tests.Study;

public class CleanSkillTests
{
    [Theory]
    [InlineData(MetricGoal.HigherIsBetter, 0.2, 0.6, 0.5)]   // closes 0.4 of the 0.8 gap to 1
    [InlineData(MetricGoal.LowerIsBetter, 2.0, 0.5, 0.75)]   // closes 1.5 of the 2.0 gap to 0
    [InlineData(MetricGoal.LowerIsBetter, 2.0, 3.0, -0.5)]   // worse than the constant
    [InlineData(MetricGoal.HigherIsBetter, 0.3, 0.3, 0.0)]
    public void ClosedIsTheFractionOfTheBaselinesGapToPerfect(MetricGoal goal, double baseline, double value, double expected) =>
        Assert.Equal(expected, CleanSkill.Closed(goal, baseline, value), 12);

    [Fact]
    public void TheScoreAveragesTheTasksHeadlinesOnOneScale()
    {
        var tasks = new[] { VisionTaskFactory.Create(TaskNames.SegmentSemantic, segmentationClasses: 13), VisionTaskFactory.Create(TaskNames.Depth) };
        SplitScores Scores(double miou, double depthError) => new(new Dictionary<string, IReadOnlyDictionary<string, double>>
        {
            [tasks[0].Name] = new Dictionary<string, double> { [tasks[0].Metrics[0].Name] = miou },
            [tasks[1].Name] = new Dictionary<string, double> { [tasks[1].Metrics[0].Name] = depthError },
        }, new Dictionary<string, double>(), 0);

        // mIoU 0.1 -> 0.55 closes half of 0.9; depth error 1.6 -> 0.4 closes 0.75 of 1.6: (0.5 + 0.75) / 2.
        Assert.Equal(0.625, CleanSkill.Of(tasks, Scores(0.1, 1.6), Scores(0.55, 0.4)), 12);
    }
}
