using MtlAttack.Core.Evaluation;
using static MtlAttack.Core.Reporting.ReportNumbers;

namespace MtlAttack.Core.Reporting;

/// <summary>
/// The targeted cells' goals as report.md and report.html both show them: per cell and goal, the mean loss to the goal and
/// the share of scored pixels at it, clean then attacked. Empty when no cell has a goal.
/// </summary>
public static class GoalTable
{
    public static readonly IReadOnlyList<string> Header = ["attack", "eps", "goal task", "loss to goal (clean -> attacked)", "pixels at goal (clean -> attacked)"];

    public const string Explanation =
        "A targeted cell's ground-truth metrics above say how much the targeted task was damaged; this says whether it went where it was sent: "
        + "success is the loss to the goal falling and the share of scored pixels at the goal rising (a pixel is at its goal with the goal class, "
        + "a depth within 1.25x of the goal depth, or a normal within 11.25 degrees of the goal normal).";

    public static IReadOnlyList<IReadOnlyList<string>> Rows(RobustnessReport report) =>
        report.Cells.Where(c => c.Goals is { Count: > 0 })
            .SelectMany(c => c.Goals!.Select(g => (IReadOnlyList<string>)
            [
                $"{c.Algorithm} x {c.Objective}", Value(c.Epsilon), g.Key,
                $"{Value(g.Value.CleanGoalLoss)} -> {Value(g.Value.GoalLoss)}",
                $"{Percent(g.Value.CleanFractionAtGoal)} -> {Percent(g.Value.FractionAtGoal)}",
            ]))
            .ToList();
}
