using System.Globalization;
using MtlAttack.Core.Attacks.Constrained;

namespace MtlAttack.Benchmarks;

/// <summary>
/// A constrained DGBA step's solve alone (the per-sample programs already built from the gradients) against one
/// forward+backward pass of the model at the same size: the solve must stay well under the pass it follows.
/// </summary>
internal static class ConstrainedSolveBenchmark
{
    public const double FloorRho = 0.5;

    public static IReadOnlyList<BenchmarkRatio> Measure(BenchmarkModel model, InterleavedTimer timer, double stepSize, IProgress<string>? progress)
    {
        progress?.Report($"Timing the constrained solves against forward+backward at 3x{model.Height}x{model.Width}.");
        return Objectives(model, stepSize)
            .Select(o => Compare(model, timer, $"{o.Kind}-{model.SizeLabel}", o.Objective.Name, o.Objective.Programs(model.Context, model.Batch.Images)))
            .ToList();
    }

    /// <summary>
    /// The constrained objectives every solver measurement times: <c>dgba-protect</c> of the first task (1 row; only with
    /// two tasks or more) and <c>dgba-floor</c> (one row per task), with the protect row bounded by <paramref name="stepSize"/>.
    /// </summary>
    public static IEnumerable<(string Kind, ConstrainedDgbaObjective Objective)> Objectives(BenchmarkModel model, double stepSize)
    {
        if (model.Target.Tasks.Count >= 2)
            yield return ("protect", new DgbaProtectObjective([model.Target.Tasks[0].Name], DgbaProtectObjective.DefaultBudget, stepSize));
        yield return ("floor", new DgbaFloorObjective(FloorRho));
    }

    private static BenchmarkRatio Compare(BenchmarkModel model, InterleavedTimer timer, string id, string objective, SignProgram[] programs)
    {
        SignSolution[] solutions = [];
        var (a, b) = timer.Compare(
            $"{objective} solve", () => solutions = SolveAll(programs),
            "forward+backward", () => BareForwardBackward.Run(model.Target, model.Batch, model.Batch.Images));
        string shape = $"3x{model.Height}x{model.Width}";
        var paths = string.Join(", ", solutions.GroupBy(s => s.Path).Select(g => $"{g.Key} x{g.Count()}"));
        string note = $"{programs.Length} samples of {shape} = {programs[0].Length} coordinates, {programs[0].Rows.Count} row(s), solved in parallel; paths: {paths}.";
        return new BenchmarkRatio($"constrained-solve-{id}", $"{objective} solve / forward+backward at {shape}", a, b, RatioAim.Under(0.2), note);
    }

    /// <summary>Solves every sample's program, samples in parallel, as the objectives do within a step.</summary>
    private static SignSolution[] SolveAll(IReadOnlyList<SignProgram> programs)
    {
        var solutions = new SignSolution[programs.Count];
        Parallel.For(0, programs.Count, i => solutions[i] = SignProgramSolver.Solve(programs[i]));
        return solutions;
    }
}
