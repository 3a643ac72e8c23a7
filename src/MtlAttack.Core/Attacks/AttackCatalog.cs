using System.Text.RegularExpressions;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Constrained;
using MtlAttack.Core.Attacks.LossForms;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Attacks.Threats;

namespace MtlAttack.Core.Attacks;

/// <summary>Turns the names users type (<c>pgd</c>, <c>single(normal)</c>, <c>dgba</c>) into algorithms and objectives.</summary>
public static partial class AttackCatalog
{
    /// <summary>The L-infinity algorithms first, then their L2 forms (epsilon is then a per-image L2 norm in pixel units).</summary>
    public static readonly IReadOnlyList<string> AlgorithmNames = ["fgsm", "pgd", "apgd", "fgm", "pgd-l2", "apgd-l2"];
    /// <summary>The names above and the worst-case ensemble of several of them (<see cref="Ensemble"/>).</summary>
    public static readonly IReadOnlyList<string> AlgorithmSyntax = [.. AlgorithmNames, Ensemble.Syntax];
    public static readonly IReadOnlyList<string> ObjectiveNames =
        ["single", "single(TASK)", "total", "signsum", "dgba", .. ConstrainedObjectives.Names, .. ShapedObjectives.Syntax];

    public static AttackAlgorithm Algorithm(string name) => name.Trim().ToLowerInvariant() switch
    {
        "fgsm" => new Fgsm(),
        "pgd" or "i-fgsm" or "ifgsm" => new Pgd(),
        "apgd" => new Apgd(),
        "fgm" => new Fgsm(ThreatModel.L2),
        "pgd-l2" => new Pgd(ThreatModel.L2),
        "apgd-l2" => new Apgd(ThreatModel.L2),
        var other when Ensemble.TryParse(other, Algorithm) is { } ensemble => ensemble,
        _ => throw new ArgumentException($"Unknown attack algorithm '{name}': use one of {string.Join(", ", AlgorithmSyntax)}."),
    };

    [GeneratedRegex(@"^single\((?<task>[a-z0-9_]+)\)$")]
    private static partial Regex SinglePattern();

    /// <summary>
    /// Objectives for one name. A loss form in brackets and targeted goals may follow any objective
    /// (<c>dgba[cospgd]</c>, <c>dgba+target(segment_semantic=class:3)</c>, <see cref="ShapedObjectives"/>). <c>single</c> alone expands to one single-task objective per task of the model,
    /// which is what the transfer matrix needs. <paramref name="stepSize"/> is the algorithm's step in pixel units
    /// (<see cref="ConstrainedObjectives.StepSizeFor"/>); only objectives with a first-order budget per step use it.
    /// </summary>
    public static IReadOnlyList<AttackObjective> Objectives(string name, IReadOnlyList<string> modelTasks, double stepSize = 1)
    {
        ArgumentNullException.ThrowIfNull(name);
        var (baseName, form, goals) = ShapedObjectives.Split(name);
        if (form is null && goals is null) return PlainObjectives(name, modelTasks, stepSize);
        return ShapedObjectives.Shape(name, PlainObjectives(baseName, modelTasks, stepSize), form, goals, modelTasks);
    }

    /// <summary>
    /// As <see cref="Objectives(string, IReadOnlyList{string}, double)"/> for a model's tasks themselves, so that targeted
    /// goals are also checked against them (a class the model does not have) before anything runs.
    /// </summary>
    public static IReadOnlyList<AttackObjective> Objectives(string name, IReadOnlyList<Tasks.VisionTask> modelTasks, double stepSize = 1)
    {
        var objectives = Objectives(name, modelTasks.Select(t => t.Name).ToList(), stepSize);
        foreach (var goal in objectives.OfType<ShapedObjective>().SelectMany(o => o.Losses.Targets))
            goal.Check(modelTasks.First(t => t.Name == goal.Task));
        return objectives;
    }

    /// <summary>The objectives of a name without a loss form or targets.</summary>
    private static IReadOnlyList<AttackObjective> PlainObjectives(string name, IReadOnlyList<string> modelTasks, double stepSize)
    {
        var n = name.Trim().ToLowerInvariant();
        if (n == "single") return modelTasks.Select(t => (AttackObjective)new SingleTaskObjective(t)).ToList();
        var single = SinglePattern().Match(n);
        if (single.Success)
        {
            var task = single.Groups["task"].Value;
            if (!modelTasks.Contains(task))
                throw new ArgumentException($"Objective '{name}' names task '{task}', which the model does not have; it has {string.Join(", ", modelTasks)}.");
            return [new SingleTaskObjective(task)];
        }
        if (ConstrainedObjectives.TryParse(name, modelTasks, stepSize, out var constrained)) return [constrained!];
        return n switch
        {
            "total" => [new TotalLossObjective()],
            "signsum" => [new SignSumObjective()],
            "dgba" => [new DgbaObjective()],
            _ => throw new ArgumentException($"Unknown attack objective '{name}': use one of {string.Join(", ", ObjectiveNames)}."),
        };
    }
}
