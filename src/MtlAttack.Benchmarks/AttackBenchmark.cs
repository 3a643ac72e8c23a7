using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>
/// Checks the speed goals as ratios measured in one run, never as absolute times: both sides of every ratio run in
/// the same process on the same model and batch, interleaved, so the machine's speed and load cancel out.
/// <list type="number">
/// <item>DGBA step / total-loss step (aim at most 1.10);</item>
/// <item>the T-pass reference direction / the one-pass DGBA direction;</item>
/// <item>a PGD run of K steps / K bare forward+backward passes (aim at most 1.05);</item>
/// <item>a constrained step's solve / one forward+backward, at the benchmark size and at 321x321 (aim under 0.2);</item>
/// <item>memory and live tensors after the last iteration of a long attack / after iteration 10 (aim flat).</item>
/// </list>
/// The network is untrained (timings do not need trained weights), in eval mode, on a batch of synthetic scenes.
/// </summary>
public static class AttackBenchmark
{
    public static BenchmarkReport Run(BenchmarkOptions options, IProgress<string>? progress = null, CancellationToken cancellationToken = default) =>
        BenchmarkReport.Measure(options, cancellationToken, (device, timer) => Measure(options, device, timer, progress, cancellationToken));

    private static (BenchmarkSetup, IReadOnlyList<BenchmarkRatio>) Measure(BenchmarkOptions options, Device device, InterleavedTimer timer,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var ratios = new List<BenchmarkRatio>();

        progress?.Report($"Building an untrained {options.Backbone} network and a batch of {options.BatchSize} synthetic {options.Size}x{options.Size} scenes on {device}.");
        using var model = BenchmarkModel.Create(options, options.Size, device);

        ratios.AddRange(StepBenchmarks.All(model, timer, options, progress));

        // The protect row's bound depends on the step the sign is taken with: PGD's, as in the loop above.
        double stepSize = options.AttackStepSize;
        foreach (int size in options.SolveSizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var sized = size == options.Size ? null : BenchmarkModel.Create(options, size, device);
            ratios.AddRange(ConstrainedSolveBenchmark.Measure(sized ?? model, timer, stepSize, progress));
        }
        ratios.AddRange(MemoryBenchmark.Measure(model, options, progress, cancellationToken));

        return (BenchmarkSetup.Of(options, model.Network!, device), ratios);
    }
}
