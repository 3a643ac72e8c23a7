using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using MtlAttack.Core.Native;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>
/// Everything one benchmark run measured. Ratios are listed in the order they were measured; other measurements
/// (e.g. the service path against a direct library call) join the same list with their own <see cref="BenchmarkRatio.Id"/>.
/// </summary>
public sealed record BenchmarkReport(BenchmarkSetup Setup, IReadOnlyList<BenchmarkRatio> Ratios, DateTimeOffset Started, TimeSpan Duration)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        // A zero denominator gives an infinite ratio; it must still serialise.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Whether every ratio that has an aim meets it.</summary>
    public bool AllAimsMet => Ratios.All(r => r.MeetsAim != false);

    public BenchmarkRatio this[string id] =>
        Ratios.FirstOrDefault(r => r.Id == id) ?? throw new KeyNotFoundException($"The report has no ratio '{id}'; it has {string.Join(", ", Ratios.Select(r => r.Id))}.");

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Checks <paramref name="options"/>, then runs <paramref name="measure"/> on their device, with a timer of their
    /// warm-up and repeats, under their torch threads (process-wide: the scope leaves them as the caller had them),
    /// and reports what it measured with the run's start and duration.
    /// </summary>
    public static BenchmarkReport Measure(BenchmarkOptions options, CancellationToken cancellationToken,
        Func<Device, InterleavedTimer, (BenchmarkSetup Setup, IReadOnlyList<BenchmarkRatio> Ratios)> measure)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var device = TorchRuntime.ParseDevice(options.Device);
        using var threads = TorchThreads.Use(options.Threads);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var (setup, ratios) = measure(device, new InterleavedTimer(device, options.Warmup, options.Repeats, cancellationToken));
        return new BenchmarkReport(setup, ratios, started, clock.Elapsed);
    }
}
