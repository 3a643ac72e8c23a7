using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Constrained;

/// <summary>
/// DGBA with side conditions. To first order a step d = alpha * s changes task t's loss by alpha * L_t * &lt;a_t, s&gt;,
/// a_t = g_t / L_t, so each variant is an integer program over s in {-1, 0, 1}^n: an objective direction and a few
/// rows, all linear combinations of the a_t, solved exactly per sample by <see cref="SignProgramSolver"/> (samples
/// in parallel). Subclasses say which gradient sums they need and how they combine into the objective and rows.
/// </summary>
public abstract class ConstrainedDgbaObjective : AttackObjective
{
    /// <summary>k of an optional L0 budget sum_i |s_i| &lt;= k per sample, combined with the rows.</summary>
    public int? MaxMovedCoordinates { get; }

    protected ConstrainedDgbaObjective(int? maxMovedCoordinates)
    {
        if (maxMovedCoordinates is < 1)
            throw new ArgumentOutOfRangeException(nameof(maxMovedCoordinates), maxMovedCoordinates, "An L0 budget must allow at least one coordinate to move.");
        MaxMovedCoordinates = maxMovedCoordinates;
    }

    /// <summary>Groups of task indices whose relative gradients sum_{t in G} g_t / L_t are needed (one backward each).</summary>
    protected abstract IReadOnlyList<IReadOnlyList<int>> GradientGroups(AttackTarget target);

    /// <summary>From the groups' gradients: the objective direction and the rows' directions, each shaped like the images.</summary>
    protected abstract (Tensor Objective, IReadOnlyList<Tensor> Rows) Linearise(Tensor[] groupGradients);

    /// <summary>
    /// Range of row <paramref name="row"/> for one sample, given that sample's per-task losses at the current images
    /// and on the clean images; it must contain 0 so that not moving is always feasible.
    /// </summary>
    protected abstract (double Lower, double Upper) RowRange(int row, AttackTarget target, double[] losses, double[] cleanLosses);

    public override ObjectiveStep Step(AttackContext context, Tensor images) => Solve(context, images).Step;

    /// <summary>The step and, per sample, how its program was solved (for tests and diagnostics).</summary>
    public (ObjectiveStep Step, IReadOnlyList<SignSolution> Solutions) Solve(AttackContext context, Tensor images)
    {
        using var scope = NewDisposeScope();
        var (programs, losses) = BuildPrograms(context, images);
        int n = programs.Length == 0 ? 0 : programs[0].Objective.Length;
        var signs = new float[(long)programs.Length * n];
        var solutions = new SignSolution[programs.Length];
        Parallel.For(0, programs.Length, i =>
        {
            var solution = SignProgramSolver.Solve(programs[i]);
            for (int k = 0; k < n; k++) signs[(long)i * n + k] = solution.Signs[k];
            solutions[i] = solution;
        });

        var sign = tensor(signs, images.shape).to(images.device).to_type(images.dtype);
        var value = Value(context, losses);
        return (new ObjectiveStep(sign.MoveToOuterDisposeScope(), value.MoveToOuterDisposeScope()), solutions);
    }

    /// <summary>
    /// The integer program of every sample at <paramref name="images"/>, as a step solves them (the benchmark times the
    /// solve alone on these).
    /// </summary>
    public SignProgram[] Programs(AttackContext context, Tensor images)
    {
        using var scope = NewDisposeScope();
        return BuildPrograms(context, images).Programs;
    }

    private (SignProgram[] Programs, Tensor Losses) BuildPrograms(AttackContext context, Tensor images)
    {
        // sum_{t in G} g_t / L_t is the gradient of sum_{t in G} L_t / stop_grad(L_t): one backward pass per group (protect:
        // the attacked tasks together, then each protected task alone), not one per task.
        var groups = GradientGroups(context.Target);
        var (gradients, losses) = Gradients(context, images, taskLosses =>
        {
            var relative = taskLosses / DgbaObjective.Magnitude(taskLosses.detach());
            return groups.Select(g => relative.index_select(0, tensor(g.Select(t => (long)t).ToArray(), device: relative.device)).sum()).ToList();
        });
        var (objective, rows) = Linearise(gradients);
        int samples = (int)images.shape[0];
        int n = (int)(images.numel() / Math.Max(samples, 1));
        var objectiveData = ToHost(objective);
        var rowData = rows.Select(ToHost).ToArray();
        var lossData = ToHost(losses.t());
        var cleanData = ToHost(context.CleanLosses.t());
        int tasks = context.Target.Tasks.Count;

        var programs = new SignProgram[samples];
        for (int i = 0; i < samples; i++)
        {
            var sampleLosses = lossData.AsSpan(i * tasks, tasks).ToArray();
            var sampleClean = cleanData.AsSpan(i * tasks, tasks).ToArray();
            var sampleRows = new LinearRow[rowData.Length];
            for (int j = 0; j < sampleRows.Length; j++)
            {
                var (lower, upper) = RowRange(j, context.Target, sampleLosses, sampleClean);
                sampleRows[j] = new LinearRow(rowData[j].AsSpan(i * n, n).ToArray(), lower, upper);
            }
            programs[i] = new SignProgram(objectiveData.AsSpan(i * n, n).ToArray(), sampleRows, MaxMovedCoordinates);
        }
        return (programs, losses);
    }

    private static double[] ToHost(Tensor t)
    {
        using var host = t.detach().to(CPU).to_type(ScalarType.Float64).contiguous();
        return host.data<double>().ToArray();
    }

    /// <summary>
    /// The scalar the constrained objectives report, as <see cref="DgbaObjective.Value"/> does for plain DGBA: the
    /// averaged relative loss change (L_t(x) - L_t(clean)) / L_t(clean) against the clean batch, over <paramref name="tasks"/>.
    /// </summary>
    protected static Tensor RelativeLossChange(AttackContext context, Tensor taskLosses, IReadOnlyList<int> tasks)
    {
        using var scope = NewDisposeScope();
        using var index = tensor(tasks.Select(t => (long)t).ToArray(), device: taskLosses.device);
        var clean = context.CleanLosses.index_select(0, index);
        var current = taskLosses.index_select(0, index);
        return ((current - clean) / DgbaObjective.Magnitude(clean)).mean([0]).MoveToOuterDisposeScope();
    }

    /// <summary>All task indices of the target.</summary>
    protected static int[] AllTasks(AttackTarget target) => Enumerable.Range(0, target.Tasks.Count).ToArray();

    /// <summary>The ";k=K" suffix of names with an L0 budget.</summary>
    protected string BudgetSuffix => MaxMovedCoordinates is { } k ? $";k={k}" : "";
}
