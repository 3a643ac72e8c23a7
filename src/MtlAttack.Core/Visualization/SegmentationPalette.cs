using SixLabors.ImageSharp.PixelFormats;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Visualization;

/// <summary>
/// A fixed colour per class index, the same on every image and every run, so a class can be recognised
/// across rows and reports. The ignore label is black.
/// </summary>
public static class SegmentationPalette
{
    // Twenty colours chosen to be mutually distinct (Trubetskoy's list), ordered so that the first few
    // classes, the most common in small label sets, differ the most.
    private static readonly Rgb24[] Distinct =
    [
        new(230, 25, 75), new(60, 180, 75), new(255, 225, 25), new(0, 130, 200), new(245, 130, 48),
        new(145, 30, 180), new(70, 240, 240), new(240, 50, 230), new(210, 245, 60), new(250, 190, 212),
        new(0, 128, 128), new(220, 190, 255), new(170, 110, 40), new(255, 250, 200), new(128, 0, 0),
        new(170, 255, 195), new(128, 128, 0), new(255, 215, 180), new(0, 0, 128), new(128, 128, 128),
    ];

    public static Rgb24 Ignore { get; } = new(0, 0, 0);

    public static Rgb24 ColorOf(int classIndex)
    {
        if (classIndex == TaskNames.IgnoreLabel || classIndex < 0) return Ignore;
        if (classIndex < Distinct.Length) return Distinct[classIndex];
        return Beyond(classIndex);
    }

    // Label sets larger than the list (NYUv2 has 40 classes) continue with golden-ratio hue steps, which
    // keep consecutive classes far apart on the colour wheel; lightness alternates to separate the rest.
    private static Rgb24 Beyond(int classIndex)
    {
        double hue = (classIndex * 0.618033988749895) % 1.0;
        double value = classIndex % 2 == 0 ? 0.95 : 0.65;
        double saturation = classIndex % 3 == 0 ? 0.55 : 0.85;
        return FromHsv(hue, saturation, value);
    }

    private static Rgb24 FromHsv(double hue, double saturation, double value)
    {
        double h = hue * 6;
        int sector = (int)Math.Floor(h) % 6;
        double f = h - Math.Floor(h);
        double p = value * (1 - saturation), q = value * (1 - f * saturation), t = value * (1 - (1 - f) * saturation);
        (double r, double g, double b) = sector switch
        {
            0 => (value, t, p),
            1 => (q, value, p),
            2 => (p, value, t),
            3 => (p, q, value),
            4 => (t, p, value),
            _ => (value, p, q),
        };
        return new Rgb24(Colormaps.ToByte(r * 255), Colormaps.ToByte(g * 255), Colormaps.ToByte(b * 255));
    }
}
