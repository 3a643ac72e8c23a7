using MtlAttack.Core.Attacks;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Cli.Commands.Robustness;

/// <summary>
/// The relative cost of one batch of a cell in forward-pass units (a backward pass counts two), so the progress bar
/// moves in proportion to time and its estimate of the time left holds while cheap and dear cells alternate.
/// </summary>
public static class CellCost
{
    public static double Of(EvaluationCell? cell, int steps, int tasks)
    {
        const double measure = 1;
        if (cell is null) return measure;
        if (cell.Epsilon == 0) return 2 * measure;
        double step = 1 + 2 * (cell.Objective == "signsum" ? tasks : 1);
        double attackSteps = AttackCatalog.Algorithm(cell.Algorithm).ObjectiveSteps(steps);
        // One forward for the clean losses the attack starts from, the steps, one forward to measure.
        return measure + attackSteps * step + measure;
    }
}
