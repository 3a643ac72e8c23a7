using System.Globalization;
using MtlAttack.Core.Attacks.Diagnostics;

namespace MtlAttack.Core.Evaluation;

/// <summary>One reason not to trust a cell (or the whole report): a stable code for programs and a sentence for people.</summary>
public sealed record DiagnosticFlag(string Code, string Message)
{
    public const string ZeroGradient = "zero-gradient";
    public const string NonFiniteGradient = "non-finite-gradient";
    public const string ZeroDirection = "zero-direction";
    public const string NonFinite = "non-finite";
    public const string ObjectiveNotIncreasing = "objective-not-increasing";
    public const string NotAboveNoise = "not-above-noise";
}

/// <summary>
/// How far an attack cell can be trusted: its flags, its strength above the random-noise baseline of the same norm and
/// epsilon (average relative drop minus the noise's, as a fraction like the drops), and each task's mean loss at every
/// step of the attack (index 0 the start point; restarts and ensemble members are averaged step by step).
/// </summary>
public sealed record CellDiagnostics(
    IReadOnlyList<DiagnosticFlag> Flags,
    double? AboveNoise,
    IReadOnlyDictionary<string, double[]> LossTrajectories,
    long TracedRuns,
    double NotIncreasingFraction,
    long ZeroDirectionRuns,
    long NonFiniteRuns)
{
    /// <summary>A cell is flagged when more than this fraction of its sample runs never raised the objective.</summary>
    public const double NotIncreasingLimit = 0.5;

    public static CellDiagnostics Of(CellReport cell, TraceStatistics? trace, CellReport? noise, IReadOnlyList<DiagnosticFlag> cleanFlags)
    {
        var flags = new List<DiagnosticFlag>(cleanFlags);
        trace ??= new TraceStatistics();
        double notIncreasing = trace.Samples == 0 ? 0 : trace.NotIncreasing / (double)trace.Samples;
        if (trace.ZeroDirection > 0)
            flags.Add(new(DiagnosticFlag.ZeroDirection, $"the step direction was zero everywhere for {Of(trace.ZeroDirection, trace.Samples)} sample runs: the attack had no gradient to follow"));
        if (trace.NonFinite > 0)
            flags.Add(new(DiagnosticFlag.NonFinite, $"a step direction or the objective was not finite for {Of(trace.NonFinite, trace.Samples)} sample runs"));
        if (notIncreasing > NotIncreasingLimit)
            flags.Add(new(DiagnosticFlag.ObjectiveNotIncreasing, $"the objective never rose above its start value for {Of(trace.NotIncreasing, trace.Samples)} sample runs"));
        double? above = noise is null ? null : cell.AvgRelativeDrop - noise.AvgRelativeDrop;
        if (noise is not null && cell.Epsilon > 0 && !(cell.AvgRelativeLossChange > noise.AvgRelativeLossChange))
            flags.Add(new(DiagnosticFlag.NotAboveNoise,
                $"the average loss change {Percent(cell.AvgRelativeLossChange)} is not above random noise's {Percent(noise.AvgRelativeLossChange)} at the same budget"));
        return new CellDiagnostics(flags, above, trace.MeanStepLosses(), trace.Samples, notIncreasing, trace.ZeroDirection, trace.NonFinite);
    }

    /// <summary>Report-wide flags from the clean baseline: tasks whose input gradient is zero (for at least half the samples) or not finite.</summary>
    public static IReadOnlyList<DiagnosticFlag> CleanFlags(IReadOnlyList<string> tasks, CellStatistics clean)
    {
        var flags = new List<DiagnosticFlag>();
        foreach (var task in tasks)
        {
            if (!clean.Tasks.TryGetValue(task, out var s) || s.Samples == 0) continue;
            if (2 * s.ZeroGradientSamples >= s.Samples)
                flags.Add(new(DiagnosticFlag.ZeroGradient, $"task {task}: the input gradient of its loss is zero at the clean images for {Of(s.ZeroGradientSamples, s.Samples)} samples, so no attack can move it"));
            if (s.NonFiniteGradientSamples > 0)
                flags.Add(new(DiagnosticFlag.NonFiniteGradient, $"task {task}: the input gradient of its loss is not finite at the clean images for {Of(s.NonFiniteGradientSamples, s.Samples)} samples"));
        }
        return flags;
    }

    private static string Of(long part, long whole) => $"{part.ToString(CultureInfo.InvariantCulture)} of {whole.ToString(CultureInfo.InvariantCulture)}";

    private static string Percent(double fraction) => Reporting.ReportNumbers.Percent(fraction) + "%";
}
