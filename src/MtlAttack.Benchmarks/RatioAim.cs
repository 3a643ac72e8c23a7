using System.Globalization;

namespace MtlAttack.Benchmarks;

/// <summary>How a ratio is judged: at most, strictly under, or at least a threshold.</summary>
public enum AimKind
{
    AtMost,
    Under,
    AtLeast,
}

/// <summary>The goal a ratio is measured against, e.g. "at most 1.10".</summary>
public sealed record RatioAim(AimKind Kind, double Threshold)
{
    public static RatioAim AtMost(double threshold) => new(AimKind.AtMost, threshold);
    public static RatioAim Under(double threshold) => new(AimKind.Under, threshold);
    public static RatioAim AtLeast(double threshold) => new(AimKind.AtLeast, threshold);

    public bool IsMetBy(double ratio) => Kind switch
    {
        AimKind.AtMost => ratio <= Threshold,
        AimKind.Under => ratio < Threshold,
        AimKind.AtLeast => ratio >= Threshold,
        _ => false,
    };

    /// <summary>What a miss means: the ratio came out above the aim, or below it.</summary>
    public string MissVerdict => Kind == AimKind.AtLeast ? "BELOW AIM" : "ABOVE AIM";

    public override string ToString()
    {
        string threshold = Threshold.ToString("0.00", CultureInfo.InvariantCulture);
        return Kind switch
        {
            AimKind.AtMost => $"at most {threshold}",
            AimKind.Under => $"under {threshold}",
            _ => $"at least {threshold}",
        };
    }
}
