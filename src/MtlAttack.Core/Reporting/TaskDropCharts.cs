using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Reporting;

/// <summary>One small chart per task: that task's relative drop against epsilon under every algorithm x objective.</summary>
public static class TaskDropCharts
{
    public const string Kind = "task-drop";

    public static IReadOnlyList<Chart> Draw(RobustnessReport report) =>
        report.TaskOrder.Select((task, i) =>
        {
            string title = $"{task}: relative drop vs epsilon";
            var plot = EpsilonLineChart.Build(task, "relative drop (%)", CellSeries.ByAttack(report.Cells, c => c.Tasks[task].RelativeDrop), legend: false);
            return new Chart(Kind, title, ChartSvg.Render(plot, ChartSvg.SmallWidth, ChartSvg.SmallHeight, $"{Kind}{i}"));
        }).ToList();
}
