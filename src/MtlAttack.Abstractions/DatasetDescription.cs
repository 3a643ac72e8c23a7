namespace MtlAttack.Abstractions;

/// <summary>What a dataset SPEC resolves to, as the service reports it.</summary>
[GenerateSerializer, Immutable]
public sealed record DatasetDescription(
    [property: Id(0)] string Spec,
    [property: Id(1)] string Description,
    [property: Id(2)] int Height,
    [property: Id(3)] int Width,
    [property: Id(4)] IReadOnlyDictionary<string, int> SplitCounts,
    [property: Id(5)] IReadOnlyList<string> Tasks,
    [property: Id(6)] string ChannelOrder,
    [property: Id(7)] IReadOnlyList<double> Mean);
