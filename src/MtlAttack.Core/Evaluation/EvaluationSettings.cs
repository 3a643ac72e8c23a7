using System.Text.Json.Serialization;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Catalog;

namespace MtlAttack.Core.Evaluation;

/// <summary>What an evaluation runs: the attack suite (<see cref="DefaultSuites.Evaluation"/> unless named), the data slice, and the seed.</summary>
public sealed record EvaluationSettings
{
    public IReadOnlyList<string> Algorithms { get; init; } = DefaultSuites.Evaluation.Algorithms;
    public IReadOnlyList<string> Objectives { get; init; } = DefaultSuites.Evaluation.Objectives;
    public IReadOnlyList<double> Epsilons { get; init; } = DefaultSuites.Evaluation.Epsilons;
    public int Steps { get; init; } = DefaultSuites.Evaluation.Steps;
    public bool RandomStart { get; init; }

    /// <summary>
    /// Runs per attack; each sample keeps its worst (<see cref="Attacks.Algorithms.Restarts"/>: run 1 as configured,
    /// runs 2..N from random starts). 1: the plain attack.
    /// </summary>
    public int Restarts { get; init; } = 1;
    public string Split { get; init; } = "test";
    public int BatchSize { get; init; } = 16;

    /// <summary>Evaluate only the first this many samples of the split (all when null).</summary>
    public int? MaxSamples { get; init; }

    public int Seed { get; init; } = 1;

    /// <summary>
    /// How cells are attacked and scored (<see cref="EvaluationProtocol"/>). Left out of the JSON when it is the default,
    /// so the fingerprint of an evaluation under our protocol is what it was before protocols existed (its journal resumes).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public EvaluationProtocol Protocol { get; init; }

    public void Validate()
    {
        if (Algorithms.Count == 0) throw new ArgumentException("Name at least one attack algorithm.");
        if (Objectives.Count == 0) throw new ArgumentException("Name at least one attack objective.");
        if (Epsilons.Count == 0) throw new ArgumentException("Name at least one epsilon.");
        foreach (var e in Epsilons) _ = new AttackBudget(e, Steps);
        foreach (var a in Algorithms)
        {
            var algorithm = AttackCatalog.Algorithm(a);
            foreach (var e in Epsilons) algorithm.Threat.CheckEpsilon(e, algorithm.Name);
        }
        if (Restarts < 1 || Restarts > Attacks.Algorithms.Restarts.MaxCount)
            throw new ArgumentException($"Restarts is {Restarts}; give 1 (a single run) to {Attacks.Algorithms.Restarts.MaxCount}.");
        if (BatchSize < 1) throw new ArgumentException("The batch size must be at least 1.");
        if (MaxSamples is < 1) throw new ArgumentException("MaxSamples must be at least 1 when given.");
    }
}
