using System.Globalization;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// <c>dgba-floor(rho)</c>: DGBA with no task left behind. Maximise the average first-order relative increase
/// (1/T) sum_t &lt;a_t, s&gt; subject to &lt;a_t, s&gt; &gt;= rho * (1/T) sum_u &lt;a_u, s&gt; for every task t: each task
/// gains at least rho times the average. rho = 0 only forbids helping a task; rho = 1 makes every task gain equally.
/// The rows are &lt;a_t - rho * mean_u a_u, s&gt; &gt;= 0, which s = 0 satisfies.
/// </summary>
public sealed class DgbaFloorObjective : ConstrainedDgbaObjective
{
    public DgbaFloorObjective(double rho, int? maxMovedCoordinates = null) : base(maxMovedCoordinates)
    {
        // Summing the rows over t gives (1 - rho) * sum_t <a_t, s> >= 0: above 1 only a non-positive objective is feasible.
        if (!double.IsFinite(rho) || rho < 0 || rho > 1)
            throw new ArgumentOutOfRangeException(nameof(rho), rho, "rho is a fraction of the average gain, in [0, 1].");
        Rho = rho;
    }

    public double Rho { get; }

    public override string Name => $"dgba-floor({Rho.ToString(CultureInfo.InvariantCulture)}{BudgetSuffix})";

    public override Tensor Value(AttackContext context, Tensor taskLosses) =>
        RelativeLossChange(context, taskLosses, AllTasks(context.Target));

    protected override IReadOnlyList<IReadOnlyList<int>> GradientGroups(AttackTarget target) =>
        AllTasks(target).Select(t => (IReadOnlyList<int>)new[] { t }).ToArray();

    protected override (Tensor Objective, IReadOnlyList<Tensor> Rows) Linearise(Tensor[] groupGradients)
    {
        var mean = stack(groupGradients).mean([0]);
        return (mean, groupGradients.Select(a => a - Rho * mean).ToArray());
    }

    protected override (double Lower, double Upper) RowRange(int row, AttackTarget target, double[] losses, double[] cleanLosses) => (0, double.PositiveInfinity);
}
