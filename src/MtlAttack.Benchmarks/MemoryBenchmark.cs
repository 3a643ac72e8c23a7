using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Algorithms;
using MtlAttack.Core.Attacks.Objectives;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>
/// One long attack (APGD x DGBA, whose loop carries the most state from one iteration to the next) with memory
/// sampled after the early iteration and after the last: if every iteration disposes what it made, both are the same.
/// </summary>
internal static class MemoryBenchmark
{
    public static IReadOnlyList<BenchmarkRatio> Measure(BenchmarkModel model, BenchmarkOptions options, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int early = BenchmarkOptions.EarlyMemoryIteration, iterations = options.Iterations;
        progress?.Report($"Running a {iterations}-iteration attack and sampling memory after iterations {early} and {iterations}.");
        var sampling = new SamplingObjective(new DgbaObjective(), [early, iterations], stepsBeforeLoop: 1);
        var attack = new Attack(AttackCatalog.Algorithm("apgd"), sampling, new AttackBudget(options.Epsilon, iterations));
        using (NewDisposeScope())
            attack.Run(model.Context);

        var first = sampling.Samples.Single(s => s.Iteration == early);
        var last = sampling.Samples.Single(s => s.Iteration == iterations);
        string loop = $"{attack.Algorithm.Name}-{attack.Objective.Name}";
        string After(int i) => $"after {i} iterations";

        return
        [
            new BenchmarkRatio("memory-working-set", $"working set after {iterations} / after {early} iterations ({loop})",
                Measurement.Single(After(iterations), Measurement.Bytes, last.WorkingSetBytes),
                Measurement.Single(After(early), Measurement.Bytes, first.WorkingSetBytes), RatioAim.AtMost(1.05)),
            new BenchmarkRatio("memory-private", $"private memory after {iterations} / after {early} iterations ({loop})",
                Measurement.Single(After(iterations), Measurement.Bytes, last.PrivateBytes),
                Measurement.Single(After(early), Measurement.Bytes, first.PrivateBytes), RatioAim.AtMost(1.05)),
            new BenchmarkRatio("memory-live-tensors", $"live tensors after {iterations} / after {early} iterations ({loop})",
                Measurement.Single(After(iterations), Measurement.Tensors, last.ThreadLiveTensors),
                Measurement.Single(After(early), Measurement.Tensors, first.ThreadLiveTensors), RatioAim.AtMost(1.0),
                $"Tensors made and not disposed on the attack's thread (DisposeScopeManager statistics); whole process: {first.ProcessLiveTensors} then {last.ProcessLiveTensors}."),
        ];
    }
}
