using MtlAttack.Core.Attacks.Catalog;

namespace MtlAttack.Cli.Commands.Demo;

/// <summary>What the demo trains and attacks: the full default study, or a quick one that ends in about two minutes.</summary>
public sealed record DemoSettings(string Dataset, int Epochs, IReadOnlyList<double> Epsilons, int Steps, int MaxSamples)
{
    public static DemoSettings Full { get; } = new("synthetic:count=1000,size=64,seed=1", 15, DefaultSuites.Demo.Epsilons, DefaultSuites.Demo.Steps, 64);

    public static DemoSettings Quick { get; } =
        new("synthetic:count=300,size=32,seed=1", 6, DefaultSuites.DemoQuick.Epsilons, DefaultSuites.DemoQuick.Steps, 32);

    /// <summary>The demo suite's algorithms and objectives (<see cref="DefaultSuites.Demo"/>), the same for both.</summary>
    public IReadOnlyList<string> Algorithms { get; } = DefaultSuites.Demo.Algorithms;

    public IReadOnlyList<string> Objectives { get; } = DefaultSuites.Demo.Objectives;

    /// <summary>Adversarial examples per cell the grains save to the report's <c>adversarial/</c> folder (<c>--save-adversarial</c>); none by default.</summary>
    public int SaveAdversarial { get; init; }

    /// <summary>Where the embedded silo exports its traces and metrics (<c>--trace</c>); nowhere by default.</summary>
    public Silo.TelemetryOptions Telemetry { get; init; } = new();

    /// <summary>Torch's intra-op threads for the training and the embedded silo (<c>--threads</c>); null for the default.</summary>
    public int? TorchThreads { get; init; }

    /// <summary>Folder name of the cached model: one per dataset and epoch count, so changing either retrains.</summary>
    public string ModelName => $"small-{Dataset.Replace("synthetic:", "").Replace(',', '-').Replace("=", "")}-e{Epochs}";
}
