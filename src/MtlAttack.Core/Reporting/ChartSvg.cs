using System.Text.RegularExpressions;
using ScottPlot;

namespace MtlAttack.Core.Reporting;

/// <summary>One drawn chart: what it shows (for the page and its tests) and its inline SVG.</summary>
public sealed record Chart(string Kind, string Title, string Svg);

/// <summary>Turns a ScottPlot plot into SVG that can sit inline in an HTML page beside other charts.</summary>
public static partial class ChartSvg
{
    public const int Width = 900;
    public const int Height = 440;
    public const int SmallWidth = 560;
    public const int SmallHeight = 360;

    /// <summary>
    /// The plot's SVG without its XML declaration, its ids renamed "<paramref name="idPrefix"/>-N" in order of
    /// appearance: SkiaSharp numbers clip paths with a process-wide counter, so two charts on one page could share an
    /// id (and clip each other), and the same report would not give the same bytes twice.
    /// </summary>
    public static string Render(Plot plot, int width, int height, string idPrefix)
    {
        string svg = plot.GetSvgXml(width, height);
        svg = XmlDeclaration().Replace(svg, "");
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match m in IdAttribute().Matches(svg))
            renamed.TryAdd(m.Groups[1].Value, $"{idPrefix}-{renamed.Count}");
        if (renamed.Count == 0) return svg.Trim();
        svg = IdAttribute().Replace(svg, m => $"id=\"{renamed[m.Groups[1].Value]}\"");
        svg = IdReference().Replace(svg, m => renamed.TryGetValue(m.Groups[2].Value, out var id) ? $"{m.Groups[1].Value}#{id}{m.Groups[3].Value}" : m.Value);
        return svg.Trim();
    }

    /// <summary>The look every report chart shares: the bundled sans-serif font.</summary>
    public static Plot NewPlot()
    {
        ChartFont.EnsureRegistered();
        var plot = new Plot();
        plot.Font.Set(ChartFont.Family);
        return plot;
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("(url\\(|href=\")#([^)\"]+)(\\)|\")")]
    private static partial Regex IdReference();
}
