namespace MtlAttack.Benchmarks;

/// <summary>
/// One line of the benchmark: two measurements taken in the same run and the ratio of their medians, judged against
/// an aim where the issue sets one. <see cref="Id"/> is stable (e.g. <c>dgba-step</c>) so scripts can pick lines out.
/// </summary>
public sealed record BenchmarkRatio(string Id, string Title, Measurement Numerator, Measurement Denominator, RatioAim? Aim, string? Note = null)
{
    public double Ratio => Numerator.Median / Denominator.Median;

    /// <summary>
    /// The median of the ratios of samples taken in the same repeat, a second estimate for interleaved timings: the
    /// two sides of one repeat ran moments apart, under the same load. Far from <see cref="Ratio"/> means a noisy run.
    /// Null where the sides were not sampled in pairs.
    /// </summary>
    public double? PairedRatio =>
        Numerator.Samples.Count > 1 && Numerator.Samples.Count == Denominator.Samples.Count
            ? Medians.Of(Numerator.Samples.Zip(Denominator.Samples, (a, b) => a / b).ToArray())
            : null;

    public bool? MeetsAim => Aim?.IsMetBy(Ratio);

    /// <summary><c>PASS</c>, <c>ABOVE AIM</c> / <c>BELOW AIM</c>, or <c>-</c> where there is no aim.</summary>
    public string Verdict => Aim is null ? "-" : Aim.IsMetBy(Ratio) ? "PASS" : Aim.MissVerdict;
}
