using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Threats;

/// <summary>
/// The set an attack may move in and how it steps there: which unit direction to take from an objective, the
/// projection after every step, and a uniform random start. The algorithms (fgsm/fgm, pgd, apgd) are written once
/// against this, so each composes with every objective under either norm without a loop per pair.
/// </summary>
/// <param name="boundText">How <see cref="MaxEpsilon"/> is worked out, for messages (e.g. <c>255 * sqrt(C*H*W)</c>).</param>
public abstract class ThreatModel(string norm, string title, string boundText)
{
    /// <summary><c>linf</c> or <c>l2</c>, as reports and the README name the norm.</summary>
    public string Norm { get; } = norm;

    /// <summary>The step's unit direction at <paramref name="images"/> (sign for L-inf, unit L2 norm per image for L2) and the objective's value there.</summary>
    public abstract ObjectiveStep Step(AttackObjective objective, AttackContext context, Tensor images);

    /// <summary>Onto the epsilon-ball around <paramref name="clean"/> only, leaving the pixel range to <see cref="Project"/>.</summary>
    public abstract Tensor ProjectOntoBall(Tensor x, Tensor clean, double epsilon);

    /// <summary>Back into the epsilon-ball around <paramref name="clean"/>, then into the pixel range.</summary>
    public Tensor Project(PixelBounds bounds, Tensor x, Tensor clean, double epsilon)
    {
        using var inBall = ProjectOntoBall(x, clean, epsilon);
        return bounds.Clip(inBall);
    }

    /// <summary>
    /// A random direction of unit size in this norm per image, drawn from <paramref name="random"/> on the CPU: the
    /// random-noise baseline steps epsilon along it (a random sign per value under L-infinity, a uniformly random
    /// direction on the unit sphere under L2).
    /// </summary>
    public abstract Tensor RandomDirection(Tensor clean, Generator? random);

    /// <summary>
    /// A point drawn uniformly from the ball of radius <paramref name="epsilon"/> around <paramref name="clean"/>, from
    /// <paramref name="random"/>, never torch's global generator, so a seed repeats it.
    /// </summary>
    public abstract Tensor UniformSample(Tensor clean, double epsilon, Generator? random);

    /// <summary>A uniform random point of the epsilon-ball around the clean images, then clipped to the pixel range.</summary>
    public Tensor RandomStart(AttackContext context, double epsilon, Generator? random)
    {
        var clean = context.CleanImages;
        using var start = UniformSample(clean, epsilon, random);
        return Project(context.Target.Bounds, start, clean, epsilon);
    }

    /// <summary>
    /// The largest meaningful epsilon, in pixel units, for images of <paramref name="valuesPerImage"/> values (C*H*W) when
    /// known: the diameter of the pixel cube [0, 255]^(C*H*W) in this norm, beyond which a larger ball holds no more images.
    /// </summary>
    public abstract double MaxEpsilon(long? valuesPerImage = null);

    /// <summary>
    /// Throws when <paramref name="epsilon"/> is not a finite number in 0..<see cref="MaxEpsilon"/> for
    /// <paramref name="algorithm"/>, with a message that names this norm's bound.
    /// </summary>
    public void CheckEpsilon(double epsilon, string algorithm, long? valuesPerImage = null)
    {
        double max = MaxEpsilon(valuesPerImage);
        if (double.IsFinite(epsilon) && epsilon >= 0 && epsilon <= max) return;
        throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon,
            $"Epsilon {epsilon.ToString("G", System.Globalization.CultureInfo.InvariantCulture)} is outside the {Title} budget of {algorithm}, "
            + $"0..{(double.IsPositiveInfinity(max) ? "255 * sqrt(C*H*W)" : max.ToString("G6", System.Globalization.CultureInfo.InvariantCulture))} pixel units ({boundText}).");
    }

    /// <summary>The norm as prose names it: L-infinity or L2.</summary>
    public string Title { get; } = title;

    public static readonly ThreatModel Linf = new LinfThreat();
    public static readonly ThreatModel L2 = new L2Threat();

    public override string ToString() => Norm;
}
