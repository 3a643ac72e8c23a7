using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// One small chart per task: the relative change of that task's loss against epsilon under every algorithm x
/// objective. The loss is what the attacks push on; the metric drop is what a user feels, and the two can rank the
/// objectives differently.
/// </summary>
public static class TaskLossChangeCharts
{
    public const string Kind = "task-loss";

    public static IReadOnlyList<Chart> Draw(RobustnessReport report) => PerTaskCharts.Draw(report, Kind, "relative loss change", t => t.RelativeLossChange);
}
