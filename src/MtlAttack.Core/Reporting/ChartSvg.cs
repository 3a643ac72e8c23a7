using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;

namespace MtlAttack.Core.Reporting;

/// <summary>One drawn chart: what it shows (for the page and its tests) and its inline SVG.</summary>
public sealed record Chart(string Kind, string Title, string Svg);

/// <summary>
/// Turns a ScottPlot plot into SVG that can sit inline in an HTML page beside other charts. Every chart is drawn in
/// <see cref="FontFamily"/>, DejaVu Sans (free licence, see Fonts/LICENSE-DejaVu.txt), carried inside this assembly.
/// SkiaSharp's NoDependencies build finds no fonts on a host without them (the service's container images): text would
/// vanish from every chart. A bundled font also gives the same SVG bytes on every machine.
/// </summary>
public static partial class ChartSvg
{
    public const string FontFamily = "DejaVu Sans";

    // Once per process, before the first plot. First in the list, so the bundled file wins over a system font of the same
    // name and every host draws alike.
    static ChartSvg() => ScottPlot.Fonts.FontResolvers.Insert(0, new BundledFontResolver());

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
        var plot = new Plot();
        plot.Font.Set(FontFamily);
        return plot;
    }

    private sealed class BundledFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        {
            if (!string.Equals(fontName, FontFamily, StringComparison.OrdinalIgnoreCase)) return null;
            string resource = bold ? "MtlAttack.Core.Reporting.Fonts.DejaVuSans-Bold.ttf" : "MtlAttack.Core.Reporting.Fonts.DejaVuSans.ttf";
            using var stream = typeof(ChartSvg).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The chart font {resource} is missing from MtlAttack.Core.");
            // SKTypeface.FromStream keeps reading the stream; hand it a copy it owns.
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            return SKTypeface.FromStream(copy);
        }
    }

    [GeneratedRegex(@"<\?xml[^>]*\?>")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();

    [GeneratedRegex("(url\\(|href=\")#([^)\"]+)(\\)|\")")]
    private static partial Regex IdReference();
}
