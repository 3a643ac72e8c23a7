using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Threats;

/// <summary>
/// The set an attack may move in and how it steps there: which unit direction to take from an objective, the
/// projection after every step, and a uniform random start. The algorithms (fgsm/fgm, pgd, apgd) are written once
/// against this, so each composes with every objective under either norm without a loop per pair.
/// </summary>
public abstract class ThreatModel
{
    /// <summary><c>linf</c> or <c>l2</c>, as reports and the README name the norm.</summary>
    public abstract string Norm { get; }

    /// <summary>The step's unit direction at <paramref name="images"/> (sign for L-inf, unit L2 norm per image for L2) and the objective's value there.</summary>
    public abstract ObjectiveStep Step(AttackObjective objective, AttackContext context, Tensor images);

    /// <summary>Back into the epsilon-ball around <paramref name="clean"/> and the pixel range.</summary>
    public abstract Tensor Project(PixelBounds bounds, Tensor x, Tensor clean, double epsilon);

    /// <summary>A uniform random point of the epsilon-ball around the clean images, then clipped to the pixel range.</summary>
    public abstract Tensor RandomStart(AttackContext context, double epsilon, Generator? random);

    public static readonly ThreatModel Linf = new LinfThreat();
    public static readonly ThreatModel L2 = new L2Threat();

    public override string ToString() => Norm;
}
