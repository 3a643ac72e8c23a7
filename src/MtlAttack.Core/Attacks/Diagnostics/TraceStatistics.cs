namespace MtlAttack.Core.Attacks.Diagnostics;

/// <summary>
/// What an <see cref="AttackTrace"/> saw over some batches, additive like the task statistics so batches merge exactly:
/// each task's summed per-sample loss at every step (index 0 the start point) with the samples counted there, and how
/// many traced samples (one per sample and run: restarts and ensemble members each count) never raised the objective,
/// met a zero step direction, or met a non-finite direction or loss.
/// </summary>
public sealed class TraceStatistics
{
    /// <summary>Per task, the summed per-sample loss at step k, k = 0 .. the longest run's steps.</summary>
    public Dictionary<string, double[]> StepLossSums { get; set; } = new();

    /// <summary>Samples counted at step k (runs of different lengths, e.g. an ensemble's fgsm and pgd, cover different steps).</summary>
    public long[] StepSamples { get; set; } = [];

    /// <summary>Sample runs traced: samples x restarts x ensemble members.</summary>
    public long Samples { get; set; }

    /// <summary>Sample runs whose objective was never higher than at the start point.</summary>
    public long NotIncreasing { get; set; }

    /// <summary>Sample runs that met a step direction that was zero everywhere (no gradient to follow).</summary>
    public long ZeroDirection { get; set; }

    /// <summary>Sample runs that met a non-finite step direction or objective value.</summary>
    public long NonFinite { get; set; }

    /// <summary>Each task's mean loss per step: the loss trajectory.</summary>
    public Dictionary<string, double[]> MeanStepLosses() =>
        StepLossSums.ToDictionary(kv => kv.Key, kv => kv.Value.Select((sum, k) => StepSamples[k] == 0 ? double.NaN : sum / StepSamples[k]).ToArray());

    public void Add(TraceStatistics other)
    {
        ArgumentNullException.ThrowIfNull(other);
        StepSamples = AddArrays(StepSamples, other.StepSamples);
        foreach (var (task, sums) in other.StepLossSums)
            StepLossSums[task] = AddArrays(StepLossSums.GetValueOrDefault(task) ?? [], sums);
        Samples += other.Samples;
        NotIncreasing += other.NotIncreasing;
        ZeroDirection += other.ZeroDirection;
        NonFinite += other.NonFinite;
    }

    /// <summary>Element-wise sum; the shorter array counts as zeros beyond its end.</summary>
    private static T[] AddArrays<T>(T[] a, T[] b) where T : System.Numerics.INumber<T>
    {
        var sum = new T[Math.Max(a.Length, b.Length)];
        for (int i = 0; i < sum.Length; i++)
            sum[i] = (i < a.Length ? a[i] : T.Zero) + (i < b.Length ? b[i] : T.Zero);
        return sum;
    }
}
