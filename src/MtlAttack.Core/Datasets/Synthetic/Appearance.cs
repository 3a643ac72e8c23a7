namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>The pattern a surface is painted with; every class has its own, so class is learnable from appearance.</summary>
internal enum TextureKind
{
    /// <summary>Parallel bands across the surface coordinates at <see cref="Appearance.StripeAngle"/>.</summary>
    Stripes,
    /// <summary>Square tiles of alternating colour.</summary>
    Checker,
    /// <summary>Blotches: smooth value noise thresholded at one half.</summary>
    Noise,
    /// <summary>One colour, no pattern: for hand-built scenes whose edges should be geometric only.</summary>
    Plain,
}

/// <summary>
/// How a surface looks: a two-colour pattern over its surface coordinates (metres). The pattern's binary
/// label is what the edge target follows, so texture edges in the ground truth are exactly where the colour flips.
/// </summary>
internal sealed record Appearance(TextureKind Kind, Rgb Primary, Rgb Secondary, double Scale, double StripeAngle, ulong NoiseSeed)
{
    /// <summary>0 where the surface shows <see cref="Primary"/>, 1 where it shows <see cref="Secondary"/>.</summary>
    public int PatternLabel(double u, double v)
    {
        switch (Kind)
        {
            case TextureKind.Stripes:
                double across = u * Math.Cos(StripeAngle) + v * Math.Sin(StripeAngle);
                return (int)((long)Math.Floor(across / Scale) & 1);
            case TextureKind.Checker:
                return (int)(((long)Math.Floor(u / Scale) + (long)Math.Floor(v / Scale)) & 1);
            case TextureKind.Noise:
                return ValueNoise.Sample(u / Scale, v / Scale, NoiseSeed) > 0.5 ? 1 : 0;
            default:
                return 0;
        }
    }

    public Rgb Colour(int patternLabel) => patternLabel == 0 ? Primary : Secondary;

    public static Appearance Uniform(Rgb colour) => new(TextureKind.Plain, colour, colour, 1, 0, 0);
}

/// <summary>Linear colour with components in [0, 1].</summary>
internal readonly record struct Rgb(double R, double G, double B)
{
    public static Rgb FromHsv(double hueDegrees, double saturation, double value)
    {
        double h = ((hueDegrees % 360) + 360) % 360 / 60;
        double c = value * saturation;
        double x = c * (1 - Math.Abs(h % 2 - 1));
        double m = value - c;
        var (r, g, b) = (int)h switch
        {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        return new Rgb(r + m, g + m, b + m);
    }

    public Rgb Scaled(double factor) => new(R * factor, G * factor, B * factor);
}

/// <summary>Bilinearly smoothed lattice noise in [0, 1], a pure function of its inputs.</summary>
internal static class ValueNoise
{
    public static double Sample(double x, double y, ulong seed)
    {
        double fx = Math.Floor(x), fy = Math.Floor(y);
        long ix = (long)fx, iy = (long)fy;
        double tx = Smooth(x - fx), ty = Smooth(y - fy);
        double a = Lattice(ix, iy, seed), b = Lattice(ix + 1, iy, seed);
        double c = Lattice(ix, iy + 1, seed), d = Lattice(ix + 1, iy + 1, seed);
        return (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
    }

    private static double Smooth(double t) => t * t * (3 - 2 * t);

    private static double Lattice(long x, long y, ulong seed) =>
        (Hash.Finalize(seed ^ ((ulong)x * 0x9E3779B97F4A7C15UL) ^ ((ulong)y * 0xC2B2AE3D27D4EB4FUL)) >> 11) * (1.0 / (1UL << 53));
}
