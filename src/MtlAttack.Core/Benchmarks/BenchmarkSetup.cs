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
}
