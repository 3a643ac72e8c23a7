using System.Runtime.InteropServices;
using MtlAttack.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Benchmarks;

/// <summary>What the numbers were measured on, so two reports can be told apart.</summary>
public sealed record BenchmarkSetup
{
    public required string Backbone { get; init; }
    public required string Layout { get; init; }
    public required IReadOnlyList<string> Tasks { get; init; }
    public required int Size { get; init; }
    public required IReadOnlyList<int> SolveSizes { get; init; }
    public required int BatchSize { get; init; }
    public required int Repeats { get; init; }
    public required int Warmup { get; init; }
    public required int AttackSteps { get; init; }
    public required int Iterations { get; init; }
    public required double Epsilon { get; init; }
    public required string Device { get; init; }
    public required int TorchThreads { get; init; }
    public required int ProcessorCount { get; init; }
    public required string Runtime { get; init; }
    public required string OperatingSystem { get; init; }

    /// <summary>The setup of a run with <paramref name="options"/> on <paramref name="network"/>, as this machine is now.</summary>
    public static BenchmarkSetup Of(BenchmarkOptions options, MultiTaskNetwork network, Device device) => new()
    {
        Backbone = network.Spec.Backbone,
        Layout = network.Spec.Layout,
        Tasks = network.TaskNames,
        Size = options.Size,
        SolveSizes = options.SolveSizes,
        BatchSize = options.BatchSize,
        Repeats = options.Repeats,
        Warmup = options.Warmup,
        AttackSteps = options.AttackSteps,
        Iterations = options.Iterations,
        Epsilon = options.Epsilon,
        Device = device.ToString(),
        TorchThreads = torch.get_num_threads(),
        ProcessorCount = Environment.ProcessorCount,
        Runtime = RuntimeInformation.FrameworkDescription,
        OperatingSystem = RuntimeInformation.OSDescription,
    };
}
