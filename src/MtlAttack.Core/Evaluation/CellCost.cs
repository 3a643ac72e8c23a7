using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;

namespace MtlAttack.Core.Evaluation;

/// <summary>
/// The relative cost of one batch of a cell in forward-pass units (a backward pass counts two), so the progress bar
/// moves in proportion to time and its estimate of the time left holds while cheap and dear cells alternate.
/// </summary>
public static class CellCost
{
    public static double Of(EvaluationCell? cell, int steps, int tasks, int restarts = 1)
    {
        const double measure = 1;
        // The clean batch also takes each task's input gradient (one forward, a backward per task) for the diagnostics.
        if (cell is null) return measure + 1 + 2 * tasks;
        if (cell.Epsilon == 0) return 2 * measure;
        // The objective's forward and backward passes, and the trace's forward at every iterate (AttackAlgorithm.RunCost).
        int objectiveBackward = AttackCatalog.ObjectiveDefinitionOf(cell.Objective).BackwardPasses(tasks);
        double attack = Restarts.Wrap(AttackCatalog.Algorithm(cell.Algorithm), restarts).RunCost(steps, tasks, objectiveBackward);
        // One forward for the clean losses the attack starts from, the attack, one forward to measure.
        return measure + attack + measure;
    }
}
