namespace MtlAttack.Core.Training;

/// <summary>
/// Learning rate as a pure function of the global step (batches done since the start of training), so a resumed
/// run lands on exactly the rate an uninterrupted one would use and no scheduler state needs saving.
/// </summary>
public static class LearningRateSchedule
{
    /// <summary>base x (1 - step / total)^power, as in DeepLab and AdaShare.</summary>
    public const string Poly = "poly";

    /// <summary>base x (1 + cos(pi x step / total)) / 2.</summary>
    public const string Cosine = "cosine";

    public const string Constant = "constant";

    public static IReadOnlyList<string> Names { get; } = [Poly, Cosine, Constant];

    public static bool IsKnown(string? name) => name is not null && Names.Contains(name.Trim().ToLowerInvariant());

    /// <summary>The rate for step <paramref name="step"/> (0-based) of <paramref name="totalSteps"/>.</summary>
    public static double At(string schedule, double baseRate, long step, long totalSteps, double polyPower = 0.9)
    {
        if (totalSteps < 1) throw new ArgumentOutOfRangeException(nameof(totalSteps), totalSteps, "A schedule needs at least one step.");
        double progress = Math.Clamp((double)step / totalSteps, 0, 1);
        return schedule.Trim().ToLowerInvariant() switch
        {
            Poly => baseRate * Math.Pow(1 - progress, polyPower),
            Cosine => baseRate * 0.5 * (1 + Math.Cos(Math.PI * progress)),
            Constant => baseRate,
            _ => throw new ArgumentException($"Unknown learning-rate schedule '{schedule}'; use {string.Join(", ", Names)}."),
        };
    }
}
