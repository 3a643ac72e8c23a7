using System.Globalization;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// <c>dgba-protect(P;budget=B)</c>: a stealthy DGBA. Maximise the attacked tasks' first-order relative increase
/// sum_{t not in P} &lt;a_t, s&gt; while every protected task p ends each step, to first order, with its loss within the
/// fraction B of its clean value, so the monitored task looks healthy while the others are attacked. The budget holds
/// over the whole attack, not per step (see <see cref="RowRange"/>).
/// <para>
/// The step size alpha (pixel units, as <see cref="AttackBudget.StepSize"/>) is given at construction, because the
/// row bounds scale with 1 / alpha and the objective is not told the step it will be used with.
/// <see cref="AttackCatalog.StepSize"/> gives the step each algorithm takes: fgsm epsilon, pgd its step
/// size, apgd its largest step 2 epsilon (a larger alpha is the stricter row, so APGD's halved steps stay within
/// budget).
/// </para>
/// </summary>
public sealed class DgbaProtectObjective : ConstrainedDgbaObjective
{
    public const double DefaultBudget = 0.01;

    public DgbaProtectObjective(IReadOnlyList<string> protectedTasks, double budget, double stepSize, int? maxMovedCoordinates = null)
        : base(maxMovedCoordinates)
    {
        ArgumentNullException.ThrowIfNull(protectedTasks);
        if (protectedTasks.Count == 0) throw new ArgumentException("dgba-protect needs at least one protected task.", nameof(protectedTasks));
        if (!double.IsFinite(budget) || budget < 0)
            throw new ArgumentOutOfRangeException(nameof(budget), budget, "The protection budget is a relative loss change: a finite number >= 0.");
        if (!double.IsFinite(stepSize) || stepSize < 0)
            throw new ArgumentOutOfRangeException(nameof(stepSize), stepSize, "The step size is in pixel units: a finite number >= 0.");
        ProtectedTasks = protectedTasks.Distinct().ToArray();
        Budget = budget;
        StepSize = stepSize;
    }

    public IReadOnlyList<string> ProtectedTasks { get; }

    /// <summary>Largest relative change of a protected task's loss against its clean value, held to first order at every step.</summary>
    public double Budget { get; }

    /// <summary>alpha, the step the sign will be taken with, in pixel units.</summary>
    public double StepSize { get; }

    public override string Name =>
        $"dgba-protect({string.Join(",", ProtectedTasks)};budget={Budget.ToString(CultureInfo.InvariantCulture)}{BudgetSuffix})";

    public override Tensor Value(AttackContext context, Tensor taskLosses) =>
        RelativeLossChange(context, taskLosses, AttackedTasks(context.Target));

    protected override IReadOnlyList<IReadOnlyList<int>> GradientGroups(AttackTarget target) =>
        [AttackedTasks(target), .. ProtectedTasks.Select(t => new[] { target.TaskIndex(t) })];

    protected override (Tensor Objective, IReadOnlyList<Tensor> Rows) Linearise(Tensor[] groupGradients) =>
        (groupGradients[0], groupGradients[1..]);

    /// <summary>
    /// The protected task's loss must end the step within the budget of its CLEAN loss L0, to first order:
    /// (L_k (1 + alpha &lt;a_p, s&gt;) - L0) / L0 in [-B, B], i.e. alpha &lt;a_p, s&gt; in [(-B L0 - (L_k - L0)) / L_k, (B L0 - (L_k - L0)) / L_k].
    /// Measuring against the clean loss rather than the current one makes each step correct the drift that earlier
    /// steps' second-order effects left behind, so the budget holds over the whole attack, not per step. Where the
    /// drift already exceeds the budget the range still contains 0: the step may pull back or hold, never push on.
    /// </summary>
    protected override (double Lower, double Upper) RowRange(int row, AttackTarget target, double[] losses, double[] cleanLosses)
    {
        if (StepSize <= 0) return (double.NegativeInfinity, double.PositiveInfinity);
        int task = target.TaskIndex(ProtectedTasks[row]);
        double current = Math.Max(losses[task], DgbaObjective.MinimumLoss), clean = Math.Max(cleanLosses[task], DgbaObjective.MinimumLoss);
        double drift = current - clean;
        double lower = (-Budget * clean - drift) / (current * StepSize);
        double upper = (Budget * clean - drift) / (current * StepSize);
        return (Math.Min(lower, 0), Math.Max(upper, 0));
    }

    private int[] AttackedTasks(AttackTarget target)
    {
        var protectedIndices = ProtectedTasks.Select(target.TaskIndex).ToHashSet();
        var attacked = AllTasks(target).Where(t => !protectedIndices.Contains(t)).ToArray();
        return attacked.Length > 0
            ? attacked
            : throw new ArgumentException($"{Name} protects every task of the model; at least one must be left to attack.");
    }
}
