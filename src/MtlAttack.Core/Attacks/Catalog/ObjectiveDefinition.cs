using MtlAttack.Core.Attacks.Objectives;

namespace MtlAttack.Core.Attacks.Catalog;

/// <summary>
/// Builds the objectives a name stands for against a model's tasks. <paramref name="name"/> is the name as the user
/// wrote it, arguments included (<c>single(normal)</c>, <c>dgba-floor(0.5)</c>); <paramref name="stepSize"/> is the
/// algorithm's largest step in pixel units (<see cref="AttackCatalog.StepSize"/>), which only objectives with a
/// first-order budget per step use. A name the definition cannot read throws an <see cref="ArgumentException"/>.
/// </summary>
public delegate IReadOnlyList<AttackObjective> ObjectiveFactory(string name, IReadOnlyList<string> modelTasks, double stepSize);

/// <summary>
/// One attack objective as users name it: the name (alone, or followed by arguments in brackets), how it is written for
/// help texts, what it costs, how to build it, and a line of help. Loss forms and targets (<see cref="ShapedObjectives"/>)
/// may follow any objective and do not change its cost.
/// </summary>
/// <param name="Syntax">The ways it is written, for help texts and errors, e.g. <c>single</c> and <c>single(TASK)</c>.</param>
/// <param name="BackwardPasses">
/// Backward passes per objective step for a model of the given number of tasks: one for an objective whose direction is the
/// gradient of one scalar, one per task for signsum's vote of the task gradients' signs.
/// </param>
public sealed record ObjectiveDefinition(string Name, IReadOnlyList<string> Syntax, string Help, Func<int, int> BackwardPasses, ObjectiveFactory Create)
{
    /// <summary>A definition for an objective without arguments: the bare name builds <paramref name="objective"/>.</summary>
    public static ObjectiveDefinition Plain(string name, string help, Func<int, int> backwardPasses, Func<AttackObjective> objective) =>
        new(name, [name], help, backwardPasses, (text, _, _) =>
            text.Trim().ToLowerInvariant() == name ? [objective()] : throw AttackCatalog.UnknownObjective(text));

    /// <summary>One backward pass per step, whatever the number of tasks.</summary>
    public static int OneBackward(int tasks) => 1;

    /// <summary>One backward pass per task and step.</summary>
    public static int BackwardPerTask(int tasks) => tasks;
}
