using MtlAttack.Core.Study;
using ScottPlot;

namespace MtlAttack.Core.Reporting.Study;

/// <summary>study.html's pictures, one per question, each with its legend on the right.</summary>
public static class StudyCharts
{
    public const string TransferKind = "study-transfer-sharing";
    public const string ObjectiveWinsKind = "study-objective-wins";
    public const string TradeoffKind = "study-tradeoff";

    /// <summary>Marker shapes that tell the trainings apart beside colour (print and colour-blind readers).</summary>
    private static readonly MarkerShape[] TrainingMarkers = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>
    /// Question 1's picture: the single-task attacks' mean drop of the tasks they do not aim at (the transfer matrices'
    /// off-diagonal) against the layout's sharing degree, a line per training (clean, adversarial per objective).
    /// </summary>
    public static Chart Transfer(TransferAnswer answer)
    {
        var plot = ChartSvg.NewPlot();
        foreach (var (training, i) in answer.BySharing.Select(p => p.Training).Distinct().Select((t, i) => (t, i)))
        {
            var points = answer.BySharing.Where(p => p.Training == training && double.IsFinite(p.TransferDrop)).OrderBy(p => p.Sharing).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => p.Sharing).ToArray(), points.Select(p => 100 * p.TransferDrop).ToArray());
            line.LegendText = training;
            line.Color = Palette.GetColor(i);
            line.MarkerShape = TrainingMarkers[i % TrainingMarkers.Length];
            line.MarkerSize = 9;
            line.LineWidth = 2;
        }
        return Finish(plot, TransferKind, "Transfer of single-task attacks vs sharing degree",
            "sharing degree (0 = independent, 1 = fully shared)", "mean drop of the other tasks (%)", ChartSvg.Width, ChartSvg.Height);
    }

    /// <summary>
    /// Question 2's picture: per multi-task objective, the cells it wins by average relative metric drop and by average
    /// relative loss change, side by side, so a gap between the two measures shows at a glance.
    /// </summary>
    public static Chart ObjectiveWins(ObjectiveAnswer answer)
    {
        var plot = ChartSvg.NewPlot();
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
                    FillColor = Palette.GetColor(m),
                    Label = wins.ToString(System.Globalization.CultureInfo.InvariantCulture),
                });
            }
        var plottable = plot.Add.Bars(bars);
        plottable.ValueLabelStyle.FontSize = 13;
        for (int m = 0; m < measures.Length; m++)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = measures[m].Item1, FillColor = Palette.GetColor(m) });
        plot.Axes.Bottom.SetTicks(objectives.Select((_, o) => o * 3 + 0.5).ToArray(), objectives.ToArray());
        // Room above the tallest bar for its label.
        plot.Axes.SetLimitsY(0, Math.Max(1, bars.Max(b => b.Value)) * 1.15);
        return Finish(plot, ObjectiveWinsKind, $"Cells won per objective ({answer.Cells} cells)", "objective", "cells won",
            ChartSvg.SmallWidth + 120, ChartSvg.SmallHeight);
    }

    /// <summary>
    /// Question 3's picture: every model's clean score against its mean drop under the multi-task attacks, a series per
    /// training, so the clean and the adversarially trained models can be told apart; each point is labelled with its layout.
    /// </summary>
    public static Chart Tradeoff(TradeoffAnswer answer)
    {
        var plot = ChartSvg.NewPlot();
        foreach (var (training, i) in answer.Points.Select(p => p.Training).Distinct().Select((t, i) => (t, i)))
        {
            var points = answer.Points.Where(p => p.Training == training && double.IsFinite(p.CleanScore) && double.IsFinite(p.MultiTaskDrop)).ToList();
            if (points.Count == 0) continue;
            var markers = plot.Add.ScatterPoints(points.Select(p => 100 * p.CleanScore).ToArray(), points.Select(p => 100 * p.MultiTaskDrop).ToArray());
            markers.LegendText = training;
            markers.Color = Palette.GetColor(i);
            markers.MarkerShape = TrainingMarkers[i % TrainingMarkers.Length];
            markers.MarkerSize = 10;
            foreach (var p in points)
            {
                var label = plot.Add.Text($"#{p.LayoutIndex}", 100 * p.CleanScore, 100 * p.MultiTaskDrop);
                label.LabelFontSize = 11;
                label.LabelFontColor = Palette.GetColor(i);
                label.LabelOffsetX = 6;
                label.LabelOffsetY = -6;
            }
        }
        return Finish(plot, TradeoffKind, "Clean score vs drop under multi-task attacks",
            "clean score: gap to perfect closed from the trivial baseline (%)", "mean drop under attack (%, lower = more robust)", ChartSvg.Width, ChartSvg.Height);
    }

    private static Chart Finish(Plot plot, string kind, string title, string xLabel, string yLabel, int width, int height)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right);
        return new Chart(kind, title, ChartSvg.Render(plot, width, height, kind));
    }
}
