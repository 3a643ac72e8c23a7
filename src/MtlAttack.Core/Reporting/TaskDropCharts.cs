using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Reporting;

/// <summary>One small chart per task: that task's relative drop against epsilon under every algorithm x objective.</summary>
public static class TaskDropCharts
{
    public const string Kind = "task-drop";

    public static IReadOnlyList<Chart> Draw(RobustnessReport report) => PerTaskCharts.Draw(report, Kind, "relative drop", t => t.RelativeDrop);
}
