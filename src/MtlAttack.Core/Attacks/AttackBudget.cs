namespace MtlAttack.Core.Attacks;

/// <summary>
/// Budget in pixel units (0..255 per value): epsilon (an L-infinity distance for fgsm/pgd/apgd, a per-image L2 norm over all
/// C*H*W values for fgm/pgd-l2/apgd-l2; the algorithm's threat model says which), the number of steps and the step size
/// (epsilon / steps unless given), and whether iterative attacks start at a random point in the ball. Only the sign and
/// finiteness of epsilon are checked here: its upper bound depends on the norm (255 for L-infinity, the image's L2
/// diameter 255 * sqrt(C*H*W) for L2), which <see cref="Threats.ThreatModel.CheckEpsilon"/> checks where the norm is known.
/// </summary>
public sealed record AttackBudget
{
    public AttackBudget(double epsilon, int steps = 10, double? stepSize = null, bool randomStart = false)
    {
        if (!double.IsFinite(epsilon) || epsilon < 0)
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon,
                "Epsilon is in pixel units and must be a finite number >= 0 (at most 255 for L-infinity, 255 * sqrt(C*H*W) for L2).");
        if (steps < 1 || steps > 100_000)
            throw new ArgumentOutOfRangeException(nameof(steps), steps, "Steps must be between 1 and 100000.");
        if (stepSize is { } s && (!double.IsFinite(s) || s < 0))
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The step size must be a finite number >= 0.");
        Epsilon = epsilon;
        Steps = steps;
        StepSize = stepSize ?? epsilon / steps;
        RandomStart = randomStart;
    }

    public double Epsilon { get; }
    public int Steps { get; }
    public double StepSize { get; }
    public bool RandomStart { get; }
}
