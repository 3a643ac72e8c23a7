using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>The per-step costs: DGBA against the plain total loss, the one-pass direction against the T-pass reference, and the attack loop against bare passes.</summary>
internal static class StepBenchmarks
{
    /// <summary>The three per-step ratios every benchmark reports, in this order, each announced on <paramref name="progress"/>.</summary>
    public static IReadOnlyList<BenchmarkRatio> All(BenchmarkModel model, InterleavedTimer timer, BenchmarkOptions options, IProgress<string>? progress)
    {
        progress?.Report("Timing the DGBA step against the total-loss step.");
        var dgba = DgbaVersusTotal(model, timer);
        progress?.Report("Timing the T-pass reference direction against the one-pass direction.");
        var reference = ReferenceVersusOnePass(model, timer);
        progress?.Report($"Timing a {options.AttackSteps}-step PGD run against {options.AttackSteps} bare forward+backward passes.");
        return [dgba, reference, LoopVersusBare(model, timer, options.AttackSteps, options.Epsilon)];
    }

    public static BenchmarkRatio DgbaVersusTotal(BenchmarkModel model, InterleavedTimer timer)
    {
        var dgba = new DgbaObjective();
        var total = new TotalLossObjective();
        var (a, b) = timer.Compare("DGBA step", () => Step(model, dgba), "total-loss step", () => Step(model, total));
        return new BenchmarkRatio(RatioIds.DgbaStep, "DGBA step / total-loss step (one forward + one backward each)", a, b, RatioAim.AtMost(1.10));
    }

    public static BenchmarkRatio ReferenceVersusOnePass(BenchmarkModel model, InterleavedTimer timer)
    {
        var dgba = new DgbaObjective();
        int tasks = model.Target.Tasks.Count;
        var (a, b) = timer.Compare(
            $"reference direction ({tasks} backward passes)", () => Scoped(() => DgbaObjective.ReferenceDirection(model.Context, model.Batch.Images)),
            "one-pass DGBA direction", () => Scoped(() => dgba.Direction(model.Context, model.Batch.Images)));
        return new BenchmarkRatio("reference-direction", $"T-pass reference DGBA direction / one-pass direction (T = {tasks})", a, b, RatioAim.AtLeast(1.0),
            "The speed-up of computing c = sum_t g_t / L_t with one backward pass; at least 1 means ours is not slower.");
    }

    public static BenchmarkRatio LoopVersusBare(BenchmarkModel model, InterleavedTimer timer, int steps, double epsilon)
    {
        var attack = new Attack(AttackCatalog.Algorithm("pgd"), new TotalLossObjective(), new AttackBudget(epsilon, steps));
        var (a, b) = timer.Compare(
            $"pgd-total, {steps} steps", () => Scoped(() => attack.Run(model.Context)),
            $"{steps} bare forward+backward", () =>
            {
                for (int k = 0; k < steps; k++) BareForwardBackward.Run(model.Target, model.Batch, model.Batch.Images);
            });
        return new BenchmarkRatio("attack-loop", $"attack loop / bare forward+backward ({steps} PGD steps of the summed loss)", a, b, RatioAim.AtMost(1.05),
            "What the ratio shows is the loop's own overhead: projection, sign, loss stacking and disposal.");
    }

    /// <summary>The same attack step on a TorchScript model and on its native twin, on the same batch.</summary>
    public static BenchmarkRatio TorchScriptVersusNative(BenchmarkModel torchScript, BenchmarkModel native, InterleavedTimer timer, string agreement)
    {
        var dgba = new DgbaObjective();
        var (a, b) = timer.Compare("TorchScript DGBA step", () => Step(torchScript, dgba), "native twin's DGBA step", () => Step(native, dgba));
        return new BenchmarkRatio(RatioIds.TorchScriptVersusNative, "TorchScript model's attack step / the same architecture built natively (DGBA step: one forward + one backward)",
            a, b, RatioAim.AtMost(1.05),
            $"{agreement} Both run under the settings loading TorchScript sets for the process (graph-executor optimisation off; oneDNN off, as for every model).");
    }

    private static void Step(BenchmarkModel model, AttackObjective objective) => Scoped(() => objective.Step(model.Context, model.Batch.Images));

    // Every timed call disposes what it made, as an attack iteration does, so memory does not grow over the repeats.
    private static void Scoped<T>(Func<T> work)
    {
        using var scope = NewDisposeScope();
        work();
    }
}
