using MtlAttack.Core.Study;
using ScottPlot;

namespace MtlAttack.Core.Reporting.Study;

/// <summary>
/// Question 2's picture: per multi-task objective, the cells it wins by average relative metric drop and by average
/// relative loss change, side by side, so a gap between the two measures shows at a glance.
/// </summary>
public static class ObjectiveWinsChart
{
    public const string Kind = "study-objective-wins";

    public static Chart Draw(ObjectiveAnswer answer)
    {
        var plot = ChartSvg.NewPlot();
        var palette = new ScottPlot.Palettes.Category10();
        var objectives = answer.WinsByDrop.Keys.ToList();
        var measures = new[] { ("by metric drop", answer.WinsByDrop), ("by loss change", answer.WinsByLossChange) };
        var bars = new List<Bar>();
        for (int m = 0; m < measures.Length; m++)
            for (int o = 0; o < objectives.Count; o++)
            {
                int wins = measures[m].Item2.GetValueOrDefault(objectives[o]);
                bars.Add(new Bar
                {
                    Position = o * 3 + m,
                    Value = wins,
                    FillColor = palette.GetColor(m),
                    Label = wins.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 13;
        for (int m = 0; m < measures.Length; m++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = measures[m].Item1, FillColor = palette.GetColor(m) });
        plot.Axes.Bottom.SetTicks(objectives.Select((_, o) => o * 3 + 0.5).ToArray(), objectives.ToArray());
        // Room above the tallest bar for its label.
        plot.Axes.SetLimitsY(0, Math.Max(1, bars.Max(b => b.Value)) * 1.15);
        string title = $"Cells won per objective ({answer.Cells} cells)";
        plot.Title(title);
        plot.XLabel("objective");
        plot.YLabel("cells won");
        plot.ShowLegend(Edge.Right);
        return new Chart(Kind, title, ChartSvg.Render(plot, ChartSvg.SmallWidth + 120, ChartSvg.SmallHeight, Kind));
    }
}
