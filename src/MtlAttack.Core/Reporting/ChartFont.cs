using ScottPlot;
using SkiaSharp;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// The charts' font, DejaVu Sans (free licence, see Fonts/LICENSE-DejaVu.txt), carried inside this assembly. SkiaSharp's
/// NoDependencies build finds no fonts on a host without them (the service's container images): text would vanish
/// from every chart. A bundled font also gives the same SVG bytes on every machine.
/// </summary>
public static class ChartFont
{
    public const string Family = "DejaVu Sans";

    private static readonly object Gate = new();
    private static bool registered;

    /// <summary>Makes <see cref="Family"/> resolvable by ScottPlot; idempotent and safe from any thread.</summary>
    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (registered) return;
            // First, so the bundled file wins over a system font of the same name and every host draws alike.
            ScottPlot.Fonts.FontResolvers.Insert(0, new BundledFontResolver());
            registered = true;
        }
    }

    private sealed class BundledFontResolver : IFontResolver
    {
        public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
            CreateTypeface(fontName, weight >= FontWeight.SemiBold, slant != FontSlant.Upright);

        public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic)
        {
            if (!string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase)) return null;
            string resource = bold ? "MtlAttack.Core.Reporting.Fonts.DejaVuSans-Bold.ttf" : "MtlAttack.Core.Reporting.Fonts.DejaVuSans.ttf";
            using var stream = typeof(ChartFont).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"The chart font {resource} is missing from MtlAttack.Core.");
            // SKTypeface.FromStream keeps reading the stream; hand it a copy it owns.
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            copy.Position = 0;
            return SKTypeface.FromStream(copy);
        }
    }
}
