using MtlAttack.Core.Models;
using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>
/// The benchmark on a user's own model folder, native or TorchScript, loaded by <see cref="ModelFolder.Load"/> and
/// attacked through its <see cref="AttackableModel.Target"/> like every evaluation: the per-step ratios of
/// <see cref="AttackBenchmark"/>, the constrained solves at the model's declared input size, and memory over a long
/// attack. With a native twin (the same architecture built natively), first the TorchScript model's attack step
/// against the twin's, interleaved on the same batch (aim at most 1.05). Options that describe the built-in network
/// (backbone, size, tasks, solve size) do not apply: the folder declares them.
/// </summary>
public static class ModelBenchmark
{
    /// <summary>
    /// Times the model in <paramref name="modelDirectory"/>. A folder that cannot be loaded, or a twin that does not
    /// fit, throws <see cref="ModelRefusedException"/> saying what to change, before anything is timed.
    /// </summary>
    public static BenchmarkReport Run(string modelDirectory, string? nativeTwinDirectory, BenchmarkOptions options,
        IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(modelDirectory);
        return BenchmarkReport.Measure(options, cancellationToken,
            (device, timer) => Measure(modelDirectory, nativeTwinDirectory, options, device, timer, progress, cancellationToken));
    }

    private static (BenchmarkSetup, IReadOnlyList<BenchmarkRatio>) Measure(string modelDirectory, string? nativeTwinDirectory, BenchmarkOptions options,
        Device device, InterleavedTimer timer, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        progress?.Report($"Loading {modelDirectory} on {device}.");
        using var model = ModelFolder.Load(modelDirectory, device);
        using var twin = nativeTwinDirectory is null ? null : LoadTwin(model, nativeTwinDirectory, device, progress);

        var header = model.Header;
        var tasks = header.Tasks.Select(h => VisionTaskFactory.Create(h.Name, h.Classes)).ToList();
        progress?.Report($"Drawing a batch of {options.BatchSize} random {header.InputHeight}x{header.InputWidth} images and labels (the model's declared input).");
        using var batch = DeclaredInputBatch.Create(header, tasks, options.BatchSize, options.Seed, device);
        using var timed = BenchmarkModel.Over(model, tasks, batch);
        var ratios = new List<BenchmarkRatio>();

        if (twin is not null)
        {
            progress?.Report("Timing the TorchScript model's attack step against its native twin's.");
            using var native = BenchmarkModel.Over(twin, tasks, batch);
            ratios.Add(StepBenchmarks.TorchScriptVersusNative(timed, native, timer, NativeTwin.Agreement(model, twin, batch.Images)));
        }

        ratios.AddRange(StepBenchmarks.All(timed, timer, options, progress));

        cancellationToken.ThrowIfCancellationRequested();
        ratios.AddRange(ConstrainedSolveBenchmark.Measure(timed, timer, options.AttackStepSize, progress));
        ratios.AddRange(MemoryBenchmark.Measure(timed, options, progress, cancellationToken));

        return (BenchmarkSetup.Of(options, model, twin, device), ratios);
    }

    private static AttackableModel LoadTwin(AttackableModel model, string directory, Device device, IProgress<string>? progress)
    {
        progress?.Report($"Loading the native twin {directory}.");
        var twin = ModelFolder.Load(directory, device);
        try
        {
            NativeTwin.Check(model, twin);
            return twin;
        }
        catch
        {
            twin.Dispose();
            throw;
        }
    }
}
