using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Constrained;
using static TorchSharp.torch;

namespace MtlAttack.Core.Benchmarks;

/// <summary>
/// The integer programs one constrained DGBA step hands to <see cref="SignProgramSolver"/>, one per sample, built
/// from the model's real gradients as <see cref="DgbaProtectObjective"/> and <see cref="DgbaFloorObjective"/> build
/// them (objective and rows from the relative gradients a_t = g_t / L_t). They are built here because the objectives
/// keep that step to themselves, and the benchmark must time the solve without the gradients.
/// </summary>
internal static class ConstrainedStepPrograms
{
    /// <summary>dgba-protect(first task): attack the others while the first task's change stays within budget / alpha per step.</summary>
    public static SignProgram[] Protect(AttackContext context, Tensor images, double stepSize)
    {
        int tasks = context.Target.Tasks.Count;
        if (tasks < 2) throw new ArgumentException("dgba-protect needs a task to protect and one to attack.");
        var attacked = Gradient(context, images, Enumerable.Range(1, tasks - 1).ToArray());
        var protectedTask = Gradient(context, images, [0]);
        double bound = DgbaProtectObjective.DefaultBudget / stepSize;
        return PerSample(images.shape[0], attacked, [protectedTask], -bound, bound);
    }

    /// <summary>dgba-floor(rho): every task gains at least rho times the average gain; one row per task.</summary>
    public static SignProgram[] Floor(AttackContext context, Tensor images, double rho)
    {
        int tasks = context.Target.Tasks.Count;
        var perTask = Enumerable.Range(0, tasks).Select(t => Gradient(context, images, [t])).ToArray();
        var mean = new double[perTask[0].Length];
        foreach (var a in perTask)
            for (int i = 0; i < mean.Length; i++) mean[i] += a[i] / tasks;
        var rows = perTask.Select(a => a.Select((v, i) => v - rho * mean[i]).ToArray()).ToArray();
        return PerSample(images.shape[0], mean, rows, 0, double.PositiveInfinity);
    }

    /// <summary>Solves every sample's program, samples in parallel, as the objectives do within a step.</summary>
    public static SignSolution[] Solve(IReadOnlyList<SignProgram> programs)
    {
        var solutions = new SignSolution[programs.Count];
        Parallel.For(0, programs.Count, i => solutions[i] = SignProgramSolver.Solve(programs[i]));
        return solutions;
    }

    private static double[] Gradient(AttackContext context, Tensor images, int[] group)
    {
        using var scope = NewDisposeScope();
        var (direction, _) = new RelativeGroupGradient(group).Direction(context, images);
        using var host = direction.detach().to(CPU).to_type(ScalarType.Float64).contiguous();
        return host.data<double>().ToArray();
    }

    private static SignProgram[] PerSample(long samples, double[] objective, double[][] rows, double lower, double upper)
    {
        int n = (int)(objective.Length / samples);
        return Enumerable.Range(0, (int)samples).Select(s => new SignProgram(
            objective.AsSpan(s * n, n).ToArray(),
            rows.Select(row => new LinearRow(row.AsSpan(s * n, n).ToArray(), lower, upper)).ToArray())).ToArray();
    }
}
