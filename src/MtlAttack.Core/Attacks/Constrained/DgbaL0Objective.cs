using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// <c>dgba-l0(k)</c>: DGBA moving at most k coordinates per sample and step. max &lt;c, s&gt; with sum_i |s_i| &lt;= k,
/// c = sum_t a_t, is solved in closed form by the k largest |c_i| with their signs; one backward pass, as DGBA.
/// </summary>
public sealed class DgbaL0Objective(int k) : ConstrainedDgbaObjective(k)
{
    public int K => MaxMovedCoordinates!.Value;

    public override string Name => $"dgba-l0({K})";

    public override Tensor Value(AttackContext context, Tensor taskLosses) =>
        RelativeLossChange.Mean(context, taskLosses, AllTasks(context.Target));

    protected override IReadOnlyList<IReadOnlyList<int>> GradientGroups(AttackTarget target) => [AllTasks(target)];

    protected override (Tensor Objective, IReadOnlyList<Tensor> Rows) Linearise(Tensor[] groupGradients) => (groupGradients[0], []);

    protected override (double Lower, double Upper) RowRange(int row, AttackTarget target, double[] losses, double[] cleanLosses) => throw new ArgumentOutOfRangeException(nameof(row), "dgba-l0 has no rows.");
}
