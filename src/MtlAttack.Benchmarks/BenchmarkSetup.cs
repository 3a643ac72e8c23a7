using System.Runtime.InteropServices;
using MtlAttack.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>What the numbers were measured on, so two reports can be told apart.</summary>
public sealed record BenchmarkSetup
{
    /// <summary>What was timed, in words: the untrained built-in network, or the model folder and what it holds.</summary>
    public required string Subject { get; init; }

    /// <summary>The model folder timed (<c>bench --model</c>); null for the benchmark's own untrained network.</summary>
    public string? Model { get; init; }

    /// <summary>The native twin a TorchScript model was timed against (<c>--native-twin</c>), if any.</summary>
    public string? NativeTwin { get; init; }

    /// <summary><c>native</c> or <c>torchscript</c>.</summary>
    public required string Format { get; init; }

    /// <summary>The native backbone, or <c>torchscript</c> for a TorchScript module (its architecture is its own).</summary>
    public required string Backbone { get; init; }

    /// <summary>The native sharing layout; empty for a TorchScript module.</summary>
    public required string Layout { get; init; }

    public required IReadOnlyList<string> Tasks { get; init; }

    /// <summary>The square image side of the built-in network's runs; for a model folder, its declared input height.</summary>
    public required int Size { get; init; }

    public required int InputHeight { get; init; }
    public required int InputWidth { get; init; }
    /// <summary>The square sides the constrained solve was measured at; empty for a model folder, measured at its declared input only.</summary>
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

    /// <summary>The setup of a run with <paramref name="options"/> on the untrained <paramref name="network"/>, as this machine is now.</summary>
    public static BenchmarkSetup Of(BenchmarkOptions options, MultiTaskNetwork network, Device device) =>
        Create(options, device, $"{network.Spec.Backbone} (untrained, eval mode)", ModelFormat.Native, network.Spec.Backbone, network.Spec.Layout,
            network.TaskNames, options.Size, options.Size, options.SolveSizes);

    /// <summary>The setup of a run with <paramref name="options"/> on a loaded model folder (and its native twin, if any).</summary>
    public static BenchmarkSetup Of(BenchmarkOptions options, AttackableModel model, AttackableModel? nativeTwin, Device device)
    {
        var header = model.Header;
        var spec = (model as NativeModel)?.Network.Spec;
        // The constrained solve is measured at the model's declared input only (a module may take no other size): no square sides.
        return Create(options, device, model.Describe(), header.Format, spec?.Backbone ?? FormatName(ModelFormat.TorchScript), spec?.Layout ?? "",
            model.TaskNames, header.InputHeight, header.InputWidth, solveSizes: []) with
        {
            Model = model.Directory,
            NativeTwin = nativeTwin?.Directory,
        };
    }

    private static string FormatName(ModelFormat format) => format.ToString().ToLowerInvariant();

    private static BenchmarkSetup Create(BenchmarkOptions options, Device device, string subject, ModelFormat format, string backbone, string layout,
        IReadOnlyList<string> tasks, int height, int width, IReadOnlyList<int> solveSizes) => new()
    {
        Subject = subject,
        Format = FormatName(format),
        Backbone = backbone,
        Layout = layout,
        Tasks = tasks,
        Size = height,
        InputHeight = height,
        InputWidth = width,
        SolveSizes = solveSizes,
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
