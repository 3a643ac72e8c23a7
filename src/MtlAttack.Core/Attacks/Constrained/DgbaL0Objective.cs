using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// <c>dgba-l0(k)</c>: DGBA moving at most k coordinates per sample and step. max &lt;c, s&gt; over s in {-1, 0, 1}^n with
/// sum_i |s_i| &lt;= k, c the DGBA direction, is solved exactly by the k largest |c_i| with their signs (a moved
/// coordinate gains |c_i| at best): a top-k on the images' device, after DGBA's one backward pass, with no copy to
/// the host and no LP. Ties at the k-th magnitude are broken by torch's topk; every choice has the same value.
/// </summary>
public sealed class DgbaL0Objective : AttackObjective
{
    private readonly DgbaObjective dgba = new();

    public DgbaL0Objective(int k)
    {
        if (k < 1) throw new ArgumentOutOfRangeException(nameof(k), k, "An L0 budget must allow at least one coordinate to move.");
        K = k;
    }

    public int K { get; }

    public override string Name => $"dgba-l0({K})";

    /// <summary>The averaged relative loss change against the clean batch, as for <c>dgba</c>.</summary>
    public override Tensor Value(AttackContext context, Tensor taskLosses) => dgba.Value(context, taskLosses);

    public override ObjectiveStep Step(AttackContext context, Tensor images)
    {
        using var scope = NewDisposeScope();
        var (direction, losses) = dgba.Direction(context, images);
        var c = direction.reshape(direction.shape[0], -1);
        var top = c.abs().topk((int)Math.Min(K, c.shape[1]), dim: 1).indexes;
        var sign = zeros_like(c).scatter_(1, top, c.gather(1, top).sign()).reshape(direction.shape);
        return new ObjectiveStep(sign.MoveToOuterDisposeScope(), Value(context, losses).MoveToOuterDisposeScope());
    }
}
