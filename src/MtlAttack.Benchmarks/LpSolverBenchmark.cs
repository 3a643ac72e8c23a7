using MtlAttack.Core.Attacks.Constrained;

namespace MtlAttack.Benchmarks;

/// <summary>
/// <c>bench --solver</c>: the measurement behind the constrained objectives' home-made LP path. One sample's LP
/// relaxation, built from the untrained network's real gradients, with 1 row (<c>dgba-protect</c> of the first task)
/// and one row per task (<c>dgba-floor</c>), at 3x64x64, 3x161x161 and 3x321x321, solved three exact ways: the
/// product's sifting (the bounded dual simplex on a working set), the simplest exact method for so few rows (the same
/// dual simplex given every column at once, from the slack basis), and GLOP (OR-Tools) given every column. The optima
/// must agree; a solver that reports none is named in the note.
/// </summary>
public static class LpSolverBenchmark
{
    public static readonly IReadOnlyList<int> Sizes = [64, 161, BenchmarkOptions.ReferenceSolveSize];

    /// <summary>Agreement of two optima, relative to the objective's 1-norm (the solvers' own tolerances are about 1e-9).</summary>
    public const double AgreementTolerance = 1e-7;

    /// <summary>Iterations allowed to the whole-LP dual simplex: far more than any measured program needed.</summary>
    public const int WholeLpIterations = 1000;

    /// <param name="sizes">Square sides to measure at (<see cref="Sizes"/> unless given; tests pass small ones).</param>
    public static BenchmarkReport Run(BenchmarkOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default,
        IReadOnlyList<int>? sizes = null) => BenchmarkReport.Measure(options, cancellationToken, (device, timer) =>
    {
        sizes ??= Sizes;
        var ratios = new List<BenchmarkRatio>();
        BenchmarkSetup? setup = null;
        foreach (int size in sizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report($"Building one sample's constrained programs at 3x{size}x{size} and timing three exact LP solvers on them.");
            using var model = BenchmarkModel.Create(options with { BatchSize = 1 }, size, device);
            setup ??= BenchmarkSetup.Of(options, model.Network!, device) with { SolveSizes = sizes };
            foreach (var (_, objective) in ConstrainedSolveBenchmark.Objectives(model, options.AttackStepSize))
            {
                var program = objective.Programs(model.Context, model.Batch.Images)[0];
                ratios.AddRange(Compare(timer, size, program.Rows.Count, BoxLp.From(program)));
            }
        }
        return (setup!, ratios);
    });

    private static IEnumerable<BenchmarkRatio> Compare(InterleavedTimer timer, int size, int rows, BoxLp lp)
    {
        double? sifted = null, whole = null, glop = null;
        int iterations = 0;
        Action sifting = () => sifted = SiftingLpSolver.Solve(lp)?.Objective;
        var (simplexTime, siftingTime) = timer.Compare(
            "dual simplex, every column", () =>
            {
                var result = DualSimplex.Solve(lp, WholeLpIterations);
                iterations = result.Iterations;
                whole = result.Status == DualSimplex.Outcome.Optimal ? DenseKernels.Dot(lp.Cost, result.Columns) : null;
            },
            "sifting", sifting);
        var (glopTime, siftingAgain) = timer.Compare(
            "GLOP, every column", () => glop = GlopLp.Solve(lp) is { Optimal: true } g ? DenseKernels.Dot(lp.Cost, g.Values) : null,
            "sifting", sifting);

        string shape = $"3x{size}x{size}", columns = $"{lp.Columns} columns, {rows} row(s)";
        yield return new BenchmarkRatio($"lp-simplex-vs-sifting-{size}-{rows}row", $"whole-LP dual simplex / sifting, LP of {shape}, {rows} row(s)",
            simplexTime, siftingTime, RatioAim.AtLeast(1),
            $"{columns}; the whole-LP dual simplex took {iterations} iteration(s); {Agreement(lp, "whole-LP dual simplex", whole, sifted)}.");
        yield return new BenchmarkRatio($"lp-glop-vs-sifting-{size}-{rows}row", $"whole-LP GLOP / sifting, LP of {shape}, {rows} row(s)",
            glopTime, siftingAgain, RatioAim.AtLeast(1), $"{columns}; {Agreement(lp, "GLOP", glop, sifted)}.");
    }

    private static string Agreement(BoxLp lp, string other, double? value, double? sifted) => (value, sifted) switch
    {
        ({ } a, { } b) when Math.Abs(a - b) <= AgreementTolerance * DenseKernels.SumAbs(lp.Cost) => "the optima agree",
        ({ } a, { } b) => $"the optima DIFFER ({other} {a / lp.CostScale:R}, sifting {b / lp.CostScale:R})",
        (null, _) => $"{other} reported no optimum",
        (_, null) => "sifting reported no optimum",
    };
}
