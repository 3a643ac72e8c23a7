using System.Text.RegularExpressions;
using MtlAttack.Core.Attacks.Constrained;
using MtlAttack.Core.Attacks.LossForms;
using MtlAttack.Core.Attacks.Targets;

namespace MtlAttack.Core.Attacks.Objectives;

/// <summary>
/// Reads and checks the suffixes that reshape an objective's losses: a per-pixel form <c>[segpgd]</c> or <c>[cospgd]</c>
/// and targeted goals <c>+target(TASK=GOAL[,TASK=GOAL])</c>, in that order after the objective's own name, e.g.
/// <c>dgba-protect(normal)[cospgd]+target(segment_semantic=class:3)</c>.
/// </summary>
public static partial class ShapedObjectives
{
    public static readonly IReadOnlyList<string> Syntax = ["OBJECTIVE[segpgd|cospgd]", "OBJECTIVE+target(TASK=GOAL[,TASK=GOAL])"];

    [GeneratedRegex(@"^(?<base>.+?)(\[(?<form>[^\[\]]*)\])?(\+target\((?<goals>[^()]*)\))?$")]
    private static partial Regex SuffixPattern();

    /// <summary>
    /// The objective's own name and its form and goals text (null where absent), spaces removed. A suffix in the wrong
    /// place (targets before the form, anything after the goals) is an <see cref="ArgumentException"/>.
    /// </summary>
    public static (string Base, string? Form, string? Goals) Split(string name)
    {
        var n = string.Concat(name.Where(ch => !char.IsWhiteSpace(ch))).ToLowerInvariant();
        var match = SuffixPattern().Match(n);
        if (!match.Success || match.Groups["base"].Value.Contains('[') || match.Groups["base"].Value.Contains("+target", StringComparison.Ordinal))
            throw new ArgumentException(
                $"Cannot read objective '{name}': write OBJECTIVE, then optionally a loss form [segpgd] or [cospgd], then optionally +target(TASK=GOAL,...), e.g. dgba[cospgd]+target(segment_semantic=class:3).");
        string? Group(string g) => match.Groups[g].Success ? match.Groups[g].Value : null;
        return (match.Groups["base"].Value, Group("form"), Group("goals"));
    }

    /// <summary>
    /// <paramref name="objectives"/> (those of the base name) run on the form's and goals' losses. <c>single</c> with a form
    /// keeps one objective per task the form applies to. Refused, with what to write instead: a form that applies to no
    /// attacked task, a goal on a task the objective does not attack (<c>single(t)</c> attacks only t) or protects.
    /// </summary>
    public static IReadOnlyList<AttackObjective> Shape(string name, IReadOnlyList<AttackObjective> objectives, string? formName, string? goalsText,
        IReadOnlyList<string> modelTasks)
    {
        var form = formName is null ? null : PixelLossForms.Named(formName, name);
        var goals = goalsText is null ? [] : TargetGoals.Parse(goalsText, name, modelTasks);
        bool expandedSingle = objectives.Count > 1 && objectives.All(o => o is SingleTaskObjective);
        if (expandedSingle && goals.Count > 0)
            throw new ArgumentException(
                $"Objective '{name}': 'single' is one attack per task, and a target only steers an attack that includes its task; write single(TASK)+target(TASK=GOAL) for a purely targeted attack, or dgba+target(...) to attack the rest too.");

        var shaped = new List<AttackObjective>();
        foreach (var objective in objectives)
        {
            var attacked = AttackedTasks(objective, modelTasks);
            var exempt = modelTasks.Except(attacked).ToList();
            foreach (var goal in goals)
                if (!attacked.Contains(goal.Task))
                    throw new ArgumentException(
                        $"Objective '{name}': {objective.Name} does not attack {goal.Task} ({(objective is DgbaProtectObjective ? "it protects it" : "it attacks only " + string.Join(", ", attacked))}), so a target there would do nothing; target a task the objective attacks.");
            if (form is not null && !attacked.Any(t => form.Refusal(t) is null))
            {
                if (expandedSingle) continue;
                throw new ArgumentException(
                    $"Objective '{name}': {form.Refusal(attacked[0])}; {objective.Name} attacks only {string.Join(", ", attacked)}. Drop [{form.Name}], or use an objective that attacks a task it applies to.");
            }
            shaped.Add(new ShapedObjective(objective, new AttackLosses(form, goals, exempt)));
        }
        if (shaped.Count == 0)
            throw new ArgumentException($"Objective '{name}': {form!.Name} applies to none of the model's tasks ({string.Join(", ", modelTasks)}); drop [{form.Name}].");
        return shaped;
    }

    /// <summary>The tasks whose losses an objective's direction is made of: one for single(t), all but the protected for dgba-protect, else all.</summary>
    private static IReadOnlyList<string> AttackedTasks(AttackObjective objective, IReadOnlyList<string> modelTasks) => objective switch
    {
        SingleTaskObjective single => [single.Task],
        DgbaProtectObjective protect => modelTasks.Except(protect.ProtectedTasks).ToList(),
        _ => modelTasks,
    };
}
