using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Benchmarks;

/// <summary>What <see cref="AttackBenchmark.Run"/> measures on: model, image size, batch, tasks, device and how often.</summary>
public sealed record BenchmarkOptions
{
    /// <summary>The iteration after which the memory test takes its first sample; the last is taken after <see cref="Iterations"/>.</summary>
    public const int EarlyMemoryIteration = 10;

    /// <summary>The reference pipeline's crop side (321x321), the size at which a constrained solve must stay cheap.</summary>
    public const int ReferenceSolveSize = 321;

    /// <summary>A name from <see cref="BackboneCatalog"/>.</summary>
    public string Backbone { get; init; } = BackboneCatalog.CpuDefault;

    /// <summary>Square image side for every measurement.</summary>
    public int Size { get; init; } = 64;

    /// <summary>A second side at which the constrained solve is also measured; equal to <see cref="Size"/> for one size only.</summary>
    public int SolveSize { get; init; } = ReferenceSolveSize;

    public int BatchSize { get; init; } = 8;

    /// <summary>Tasks of the model, in reference order; the NYUv2 three by default.</summary>
    public IReadOnlyList<string> Tasks { get; init; } = TaskNames.NyuV2;

    /// <summary>Iterations of the attack loop whose memory is sampled after <see cref="EarlyMemoryIteration"/> and at the end.</summary>
    public int Iterations { get; init; } = 1000;

    /// <summary>Timed runs of each side of a timing ratio; medians are reported.</summary>
    public int Repeats { get; init; } = 9;

    /// <summary>Untimed runs of each side before timing, so one-off costs (allocator growth, kernel selection) are not timed.</summary>
    public int Warmup { get; init; } = 2;

    /// <summary>K, the steps of the PGD run compared with K bare forward+backward passes.</summary>
    public int AttackSteps { get; init; } = 10;

    /// <summary>L-infinity budget of the attacks, in 0..255 pixel units; timings do not depend on it.</summary>
    public double Epsilon { get; init; } = 4;

    /// <summary>The step of the PGD run above (epsilon / steps): the step the constrained solves' protect row is bounded by.</summary>
    public double AttackStepSize => new Core.Attacks.AttackBudget(Epsilon, AttackSteps).StepSize;

    /// <summary><c>auto</c>, <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public string Device { get; init; } = "auto";

    /// <summary>
    /// Torch's intra-op threads for the run, or null to leave torch's own choice. One thread makes the ratios far
    /// steadier on a machine shared with busy processes, where threads that wait on each other amplify every delay.
    /// </summary>
    public int? Threads { get; init; }

    /// <summary>Seed of the network's weights and of the synthetic scenes.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Throws an <see cref="ArgumentException"/> naming the first option that cannot work.</summary>
    public void Validate()
    {
        var backbone = BackboneCatalog.Get(Backbone);
        RequireSize(Size, nameof(Size));
        RequireSize(SolveSize, nameof(SolveSize));
        // Too small an image for the backbone's strides is refused here, not after the first measurements.
        foreach (int size in SolveSizes) backbone.FeatureShape(size, size);
        if (BatchSize < 1) throw new ArgumentException($"The batch size must be at least 1; got {BatchSize}.", nameof(BatchSize));
        if (Tasks is null || Tasks.Count == 0) throw new ArgumentException("Name at least one task.", nameof(Tasks));
        var unknown = Tasks.Where(t => !TaskNames.All.Contains(t)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown task(s) {string.Join(", ", unknown)}; choose from {string.Join(", ", TaskNames.All)}.", nameof(Tasks));
        if (Tasks.Distinct().Count() != Tasks.Count) throw new ArgumentException("A task is listed twice.", nameof(Tasks));
        if (Iterations <= EarlyMemoryIteration)
            throw new ArgumentException($"The memory test compares iteration {EarlyMemoryIteration} with the last, so it needs more than {EarlyMemoryIteration} iterations; got {Iterations}.", nameof(Iterations));
        if (Repeats < 1) throw new ArgumentException($"Repeats must be at least 1; got {Repeats}.", nameof(Repeats));
        if (Warmup < 0) throw new ArgumentException($"Warm-up runs cannot be negative; got {Warmup}.", nameof(Warmup));
        if (AttackSteps < 1) throw new ArgumentException($"The attack needs at least one step; got {AttackSteps}.", nameof(AttackSteps));
        if (Threads is < 1) throw new ArgumentException($"Threads must be at least 1; got {Threads}.", nameof(Threads));
        if (!double.IsFinite(Epsilon) || Epsilon <= 0 || Epsilon > 255)
            throw new ArgumentException($"Epsilon is in 0..255 pixel units and must be positive; got {Epsilon}.", nameof(Epsilon));
    }

    /// <summary>The distinct sides the constrained solve is measured at, smallest first.</summary>
    public IReadOnlyList<int> SolveSizes => new[] { Size, SolveSize }.Distinct().Order().ToArray();

    private static void RequireSize(int size, string name)
    {
        if (size < SyntheticSceneOptions.MinSize || size > SyntheticSceneOptions.MaxSize)
            throw new ArgumentException($"Image sides run from {SyntheticSceneOptions.MinSize} to {SyntheticSceneOptions.MaxSize} pixels; got {size}.", name);
    }
}
