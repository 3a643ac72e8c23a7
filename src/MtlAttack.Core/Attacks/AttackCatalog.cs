using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Catalog;
using MtlAttack.Core.Attacks.Objectives;

namespace MtlAttack.Core.Attacks;

/// <summary>
/// Turns the names users type (<c>pgd</c>, <c>single(normal)</c>, <c>dgba</c>) into algorithms and objectives, as
/// <see cref="AttackDefinitions"/> defines them.
/// </summary>
public static class AttackCatalog
{
    /// <summary>The L-infinity algorithms first, then their L2 forms (epsilon is then a per-image L2 norm in pixel units).</summary>
    public static readonly IReadOnlyList<string> AlgorithmNames = AttackDefinitions.Algorithms.Select(a => a.Name).ToList();
    /// <summary>The names above and the worst-case ensemble of several of them (<see cref="Ensemble"/>).</summary>
    public static readonly IReadOnlyList<string> AlgorithmSyntax = [.. AlgorithmNames, Ensemble.Syntax];
    public static readonly IReadOnlyList<string> ObjectiveNames =
        [.. AttackDefinitions.Objectives.SelectMany(o => o.Syntax), .. ShapedObjectives.Syntax];

    public static AttackAlgorithm Algorithm(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var n = name.Trim().ToLowerInvariant();
        if (AttackDefinitions.Algorithms.FirstOrDefault(a => a.IsCalled(n)) is { } definition) return definition.Build();
        return Ensemble.TryParse(n, Algorithm)
            ?? throw new ArgumentException($"Unknown attack algorithm '{name}': use one of {string.Join(", ", AlgorithmSyntax)}.");
    }

    /// <summary>
    /// The largest step, in pixel units, that the algorithm named <paramref name="algorithm"/> takes under
    /// <paramref name="budget"/> (<see cref="AttackAlgorithm.LargestStep"/>): what <see cref="Objectives(string, IReadOnlyList{string}, double)"/>
    /// takes as its step size. An unknown name is <see cref="Algorithm"/>'s <see cref="ArgumentException"/>.
    /// </summary>
    public static double StepSize(string algorithm, AttackBudget budget) => Algorithm(algorithm).LargestStep(budget);

    /// <summary>
    /// The definition of the objective named <paramref name="name"/>: the name before any arguments, loss form or targets
    /// (<c>dgba-protect(normal)[cospgd]</c> is <c>dgba-protect</c>'s).
    /// </summary>
    public static ObjectiveDefinition ObjectiveDefinitionOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Definition(ShapedObjectives.Split(name).Base) ?? throw UnknownObjective(name);
    }

    /// <summary>
    /// Objectives for one name. A loss form in brackets and targeted goals may follow any objective
    /// (<c>dgba[cospgd]</c>, <c>dgba+target(segment_semantic=class:3)</c>, <see cref="ShapedObjectives"/>). <c>single</c> alone expands to one single-task objective per task of the model,
    /// which is what the transfer matrix needs. <paramref name="stepSize"/> is the algorithm's step in pixel units
    /// (<see cref="StepSize"/>); only objectives with a first-order budget per step use it.
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

    /// <summary>The error for an objective name no definition reads, listing what to write instead.</summary>
    public static ArgumentException UnknownObjective(string name) =>
        new($"Unknown attack objective '{name}': use one of {string.Join(", ", ObjectiveNames)}.");

    /// <summary>The objectives of a name without a loss form or targets.</summary>
    private static IReadOnlyList<AttackObjective> PlainObjectives(string name, IReadOnlyList<string> modelTasks, double stepSize) =>
        (Definition(name) ?? throw UnknownObjective(name)).Create(name, modelTasks, stepSize);

    /// <summary>The definition named by the text before the arguments' bracket, spaces and case ignored; null when none is.</summary>
    private static ObjectiveDefinition? Definition(string name)
    {
        var n = string.Concat(name.Where(ch => !char.IsWhiteSpace(ch))).ToLowerInvariant();
        int bracket = n.IndexOf('(');
        var family = bracket < 0 ? n : n[..bracket];
        return AttackDefinitions.Objectives.FirstOrDefault(o => o.Name == family);
    }
}
