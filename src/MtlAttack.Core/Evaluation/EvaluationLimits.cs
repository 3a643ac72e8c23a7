using System.Globalization;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// How large one evaluation may be: entries in each list of the attack suite, cells (algorithm x objective x epsilon,
/// <c>single</c> expanded per task) and batches (clean baseline and every cell). Checked before anything is planned,
/// persisted or run, by counting rather than by building the plan, so an absurd request is refused at once and costs
/// no memory. The service reads them from <c>MtlAttack:Silo:Limits</c>; the CLI's <c>attack</c> uses the defaults.
/// </summary>
public sealed class EvaluationLimits
{
    /// <summary>The configuration section below the silo's, and the prefix of the names messages give.</summary>
    public const string Section = "Limits";

    public int MaxAlgorithms { get; set; } = 8;

    /// <summary>Objective names as given (each distinct <c>dgba-floor(RHO)</c> is one); <c>single</c> is one name.</summary>
    public int MaxObjectives { get; set; } = 32;

    public int MaxEpsilons { get; set; } = 64;

    public int MaxCells { get; set; } = 2_000;

    /// <summary>Batches of the whole evaluation: batches per cell x (cells + the clean baseline).</summary>
    public int MaxBatches { get; set; } = 100_000;

    /// <summary>
    /// A run on the caller's own machine (<c>attack</c>, <c>study</c>): the service's limits on lists and cells, which
    /// catch a runaway list before a plan is built; none on batches: a long local run on a large dataset costs only its
    /// owner's time, and resumes batch by batch.
    /// </summary>
    public static EvaluationLimits Local => new() { MaxBatches = int.MaxValue };

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is not positive.</summary>
    public void Validate()
    {
        foreach (var (name, value) in Named())
            if (value < 1) throw new ArgumentException($"{Section}:{name} is {value}; it must be at least 1.");
    }

    /// <summary>The list lengths of <paramref name="settings"/>; needs no model or dataset, so it comes first.</summary>
    public void CheckSettings(EvaluationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Check("algorithms", settings.Algorithms?.Count ?? 0, MaxAlgorithms, nameof(MaxAlgorithms));
        Check("objectives", settings.Objectives?.Count ?? 0, MaxObjectives, nameof(MaxObjectives));
        Check("epsilons", settings.Epsilons?.Count ?? 0, MaxEpsilons, nameof(MaxEpsilons));
    }

    /// <summary>The planned size: <paramref name="cells"/> cells of <paramref name="batchesPerCell"/> batches each, plus the clean baseline.</summary>
    public void CheckPlan(long cells, long batchesPerCell)
    {
        if (cells > MaxCells)
            throw new EvaluationLimitException(
                $"The evaluation has {Count(cells)} cells (algorithms x objectives x epsilons, 'single' counted once per task); "
                + $"the limit is {Count(MaxCells)} ({Section}:{nameof(MaxCells)}). Ask for fewer algorithms, objectives or epsilons.");
        long batches = batchesPerCell * (cells + 1);
        if (batches > MaxBatches)
            throw new EvaluationLimitException(
                $"The evaluation has {Count(batches)} batches ({Count(batchesPerCell)} per cell x {Count(cells)} cells and the clean baseline); "
                + $"the limit is {Count(MaxBatches)} ({Section}:{nameof(MaxBatches)}). Ask for fewer cells, fewer samples (maxSamples) or a larger batch size.");
    }

    private static void Check(string list, int count, int limit, string name)
    {
        if (count > limit)
            throw new EvaluationLimitException(
                $"The evaluation lists {Count(count)} {list}; the limit is {Count(limit)} per evaluation ({Section}:{name}). Ask for fewer, or split it into several evaluations.");
    }

    private IEnumerable<(string Name, int Value)> Named() =>
    [
        (nameof(MaxAlgorithms), MaxAlgorithms), (nameof(MaxObjectives), MaxObjectives), (nameof(MaxEpsilons), MaxEpsilons),
        (nameof(MaxCells), MaxCells), (nameof(MaxBatches), MaxBatches),
    ];

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}

/// <summary>An evaluation larger than its <see cref="EvaluationLimits"/>: bad input, whose message names the limit and the value.</summary>
public sealed class EvaluationLimitException(string message) : ArgumentException(message);
