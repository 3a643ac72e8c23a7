using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>What <c>synthetic[:count=..,size=..,seed=..,tasks=..]</c> asks for.</summary>
public sealed record SyntheticSceneOptions
{
    /// <summary>Total scenes over both splits; the last <see cref="TestFraction"/> of them form the test split.</summary>
    public int Count { get; init; } = 1000;

    /// <summary>Square image side in pixels.</summary>
    public int Size { get; init; } = 64;

    public int Seed { get; init; } = 1;

    public double TestFraction { get; init; } = 0.2;

    /// <summary>Tasks to provide targets for; the NYUv2 three by default.</summary>
    public IReadOnlyList<string> Tasks { get; init; } = TaskNames.NyuV2;
}
