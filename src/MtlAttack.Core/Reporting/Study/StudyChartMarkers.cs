using ScottPlot;

namespace MtlAttack.Core.Reporting.Study;

/// <summary>Marker shapes that tell the trainings apart beside colour (print and colour-blind readers).</summary>
public static class StudyChartMarkers
{
    private static readonly MarkerShape[] Shapes = [MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond];

    public static MarkerShape For(int series) => Shapes[series % Shapes.Length];
}
