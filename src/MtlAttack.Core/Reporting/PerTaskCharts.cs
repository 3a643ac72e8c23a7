using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Reporting;

/// <summary>One small chart per task, in the report's task order: a per-task quantity against epsilon under every algorithm x objective.</summary>
internal static class PerTaskCharts
{
    /// <param name="quantity">What is plotted, for the chart's title (e.g. "relative drop").</param>
    /// <param name="fraction">The task's value in a cell, as a fraction; the chart shows it in percent.</param>
    public static IReadOnlyList<Chart> Draw(RobustnessReport report, string kind, string quantity, Func<TaskEffect, double> fraction) =>
        report.TaskOrder.Select((task, i) =>
        {
            var plot = EpsilonLineChart.Build(task, $"{quantity} (%)", CellSeries.ByAttack(report.Cells, c => fraction(c.Tasks[task])), legend: false);
            return new Chart(kind, $"{task}: {quantity} vs epsilon", ChartSvg.Render(plot, ChartSvg.SmallWidth, ChartSvg.SmallHeight, $"{kind}{i}"));
        }).ToList();
}
