namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>
/// The family of appearances of one class: a texture kind plus ranges for hue, saturation, brightness,
/// contrast and pattern scale. Ranges of different classes barely overlap, so a network can tell class from
/// paint alone, while instances still vary.
/// </summary>
internal sealed record ClassStyle(
    TextureKind Kind,
    (double Min, double Max) Hue,
    (double Min, double Max) Saturation,
    (double Min, double Max) Value,
    (double Min, double Max) SecondaryBrightness,
    (double Min, double Max) Scale,
    bool RandomStripeAngle)
{
    public static ClassStyle For(SceneClass sceneClass) => sceneClass switch
    {
        SceneClass.Floor => new(TextureKind.Checker, (20, 45), (0.35, 0.65), (0.5, 0.75), (0.55, 0.75), (0.6, 1.1), false),
        SceneClass.Wall => new(TextureKind.Stripes, (0, 360), (0.05, 0.2), (0.75, 0.92), (0.75, 0.88), (0.4, 0.9), false),
        SceneClass.Ceiling => new(TextureKind.Noise, (0, 360), (0.0, 0.06), (0.88, 0.98), (0.8, 0.9), (0.6, 1.2), false),
        SceneClass.Box => new(TextureKind.Stripes, (0, 30), (0.6, 0.9), (0.7, 0.95), (0.5, 0.7), (0.12, 0.25), true),
        SceneClass.Sphere => new(TextureKind.Noise, (90, 150), (0.5, 0.85), (0.6, 0.9), (0.45, 0.65), (0.2, 0.4), false),
        SceneClass.Cylinder => new(TextureKind.Checker, (200, 250), (0.5, 0.85), (0.6, 0.9), (0.45, 0.65), (0.15, 0.3), false),
        _ => throw new ArgumentOutOfRangeException(nameof(sceneClass), sceneClass, "No style for this class."),
    };

    public Appearance Sample(SceneRandom random)
    {
        double hue = random.Uniform(Hue.Min, Hue.Max);
        double saturation = random.Uniform(Saturation.Min, Saturation.Max);
        double value = random.Uniform(Value.Min, Value.Max);
        var primary = Rgb.FromHsv(hue, saturation, value);
        var secondary = Rgb.FromHsv(hue + random.Uniform(-8, 8), saturation, value * random.Uniform(SecondaryBrightness.Min, SecondaryBrightness.Max));
        double scale = random.Uniform(Scale.Min, Scale.Max);
        double stripeAngle = RandomStripeAngle ? random.Uniform(0, Math.PI) : 0;
        return new Appearance(Kind, primary, secondary, scale, stripeAngle, random.NextUInt64());
    }
}
