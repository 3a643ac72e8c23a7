using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Visualization;

/// <summary>Maps a scalar in [0, 1] to a colour. Values outside are clamped; NaN maps to black.</summary>
public static class Colormaps
{
    // matplotlib's viridis at t = 0, 1/8, ..., 1: perceptually uniform and readable in grayscale print,
    // so equal depth steps look like equal colour steps. Linear interpolation between these nine
    // anchors stays within a couple of levels of the full 256-entry table.
    private static readonly Rgb24[] ViridisAnchors =
    [
        new(0x44, 0x01, 0x54), new(0x47, 0x2d, 0x7b), new(0x3b, 0x52, 0x8b),
        new(0x2c, 0x72, 0x8e), new(0x21, 0x91, 0x8c), new(0x28, 0xae, 0x80),
        new(0x5e, 0xc9, 0x62), new(0xad, 0xdc, 0x30), new(0xfd, 0xe7, 0x25),
    ];

    // Black -> red -> yellow -> white: heat reads as "more" at a glance over a dimmed photo.
    private static readonly Rgb24[] HotAnchors =
    [
        new(0, 0, 0), new(230, 0, 0), new(255, 210, 0), new(255, 255, 255),
    ];

    public static Rgb24 Viridis(double t) => Interpolate(ViridisAnchors, t);

    public static Rgb24 Hot(double t) => Interpolate(HotAnchors, t);

    public static Rgb24 Gray(double t)
    {
        if (double.IsNaN(t)) return default;
        byte v = ToByte(Math.Clamp(t, 0, 1) * 255);
        return new Rgb24(v, v, v);
    }

    private static Rgb24 Interpolate(Rgb24[] anchors, double t)
    {
        if (double.IsNaN(t)) return default;
        double position = Math.Clamp(t, 0, 1) * (anchors.Length - 1);
        int lower = Math.Min((int)position, anchors.Length - 2);
        double f = position - lower;
        Rgb24 a = anchors[lower], b = anchors[lower + 1];
        return new Rgb24(
            ToByte(a.R + (b.R - a.R) * f),
            ToByte(a.G + (b.G - a.G) * f),
            ToByte(a.B + (b.B - a.B) * f));
    }

    internal static byte ToByte(double value) => (byte)Math.Clamp(Math.Round(value), 0, 255);
}
