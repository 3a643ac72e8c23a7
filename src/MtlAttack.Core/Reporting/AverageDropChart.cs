using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Reporting;

/// <summary>The headline chart: average relative drop over tasks against epsilon, one line per algorithm x objective.</summary>
public static class AverageDropChart
{
    public const string Kind = "avg-drop";

    public static Chart Draw(RobustnessReport report)
    {
        const string title = "Average relative drop vs epsilon";
        var series = CellSeries.ByAttack(report.Cells, c => c.AvgRelativeDrop);
        var plot = EpsilonLineChart.Build(title, "average relative drop (%)", series);
        return new Chart(Kind, title, ChartSvg.Render(plot, ChartSvg.Width, ChartSvg.Height, Kind));
    }
}
