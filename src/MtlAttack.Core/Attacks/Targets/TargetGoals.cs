using System.Globalization;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Attacks.Targets;

/// <summary>
/// Reads the goals of <c>+target(TASK=GOAL[,TASK=GOAL...])</c>:
/// <c>segment_semantic=class:K</c>, <c>segment_semantic=shift:K</c>, <c>depth_zbuffer=scale:F</c>,
/// <c>depth_zbuffer=shift:D</c>, <c>normal=rotate:AXIS:DEGREES</c>.
/// </summary>
public static class TargetGoals
{
    public static readonly IReadOnlyList<string> Syntax =
    [
        $"{TaskNames.SegmentSemantic}=class:K", $"{TaskNames.SegmentSemantic}=shift:K",
        $"{TaskNames.Depth}=scale:F", $"{TaskNames.Depth}=shift:D", $"{TaskNames.Normal}=rotate:x|y|z:DEGREES",
    ];

    /// <summary>
    /// The goals of <paramref name="text"/> (what is inside the parentheses, without spaces), one per task, in the order
    /// written. Anything malformed, an unknown task or a task targeted twice is an <see cref="ArgumentException"/> that says
    /// what to write.
    /// </summary>
    public static IReadOnlyList<TargetGoal> Parse(string text, string objective, IReadOnlyList<string> modelTasks)
    {
        var goals = new List<TargetGoal>();
        foreach (var part in text.Split(','))
        {
            var pair = part.Split('=', 2);
            if (pair.Length != 2 || pair[0].Length == 0 || pair[1].Length == 0)
                throw Malformed(objective, $"'{part}' is not TASK=GOAL");
            var (task, goal) = (pair[0], pair[1]);
            if (!modelTasks.Contains(task))
                throw new ArgumentException($"Objective '{objective}' targets task '{task}', which the model does not have; it has {string.Join(", ", modelTasks)}.");
            if (goals.Any(g => g.Task == task))
                throw new ArgumentException($"Objective '{objective}' targets {task} twice; give each task one goal.");
            goals.Add(Goal(task, goal, objective));
        }
        return goals;
    }

    private static TargetGoal Goal(string task, string goal, string objective)
    {
        var fields = goal.Split(':');
        string kind = fields[0];
        return (task, kind, fields.Length) switch
        {
            (TaskNames.SegmentSemantic, "class", 2) => ClassGoal.To(task, Whole(fields[1], objective, goal)),
            (TaskNames.SegmentSemantic, "shift", 2) => ClassGoal.Shifted(task, Whole(fields[1], objective, goal)),
            (TaskNames.Depth, "scale", 2) => DepthGoal.Scaled(task, Number(fields[1], objective, goal)),
            (TaskNames.Depth, "shift", 2) => DepthGoal.Shifted(task, Number(fields[1], objective, goal)),
            (TaskNames.Normal, "rotate", 3) when fields[1].Length == 1 => new NormalRotationGoal(task, fields[1][0], Number(fields[2], objective, goal)),
            _ => throw Malformed(objective, $"'{task}={goal}' is not a goal MtlAttack knows"),
        };
    }

    private static int Whole(string text, string objective, string goal) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Malformed(objective, $"'{goal}' needs a whole number, not '{text}'");

    private static double Number(string text, string objective, string goal) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw Malformed(objective, $"'{goal}' needs a finite number, not '{text}'");

    private static ArgumentException Malformed(string objective, string what) =>
        new($"Objective '{objective}': {what}; write +target(TASK=GOAL[,TASK=GOAL]) with GOAL one of {string.Join(", ", Syntax)}.");
}
