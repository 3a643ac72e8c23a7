using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>What <c>synthetic[:count=..,size=..,seed=..,tasks=..]</c> asks for.</summary>
public sealed record SyntheticSceneOptions
{
    public const int MinCount = 2, MinSize = 8, MaxSize = 1024;

    /// <summary>Total scenes over both splits; the last <see cref="TestFraction"/> of them form the test split.</summary>
    public int Count { get; init; } = 1000;

    /// <summary>Square image side in pixels.</summary>
    public int Size { get; init; } = 64;

    public int Seed { get; init; } = 1;

    public double TestFraction { get; init; } = 0.2;

    /// <summary>Tasks to provide targets for; the NYUv2 three by default.</summary>
    public IReadOnlyList<string> Tasks { get; init; } = TaskNames.NyuV2;

    /// <summary>Scenes in the test split: round(Count * TestFraction), at least one and leaving at least one for training.</summary>
    public int TestCount => Math.Clamp((int)Math.Round(Count * TestFraction, MidpointRounding.AwayFromZero), 1, Count - 1);

    public int TrainCount => Count - TestCount;

    /// <summary>Throws an <see cref="ArgumentException"/> that says what to change if these options cannot make a dataset.</summary>
    public void Validate()
    {
        if (Count < MinCount)
            throw new ArgumentException($"Synthetic scenes need count >= {MinCount} (one train and one test scene); got count={Count}.", nameof(Count));
        if (Size < MinSize || Size > MaxSize)
            throw new ArgumentException($"Synthetic scene size must be between {MinSize} and {MaxSize} pixels; got size={Size}.", nameof(Size));
        if (!(TestFraction > 0 && TestFraction < 1))
            throw new ArgumentException($"Synthetic scene test fraction must be strictly between 0 and 1 (e.g. 0.2); got {TestFraction}.", nameof(TestFraction));
        if (Tasks is null || Tasks.Count == 0)
            throw new ArgumentException($"Synthetic scenes need at least one task; choose from {string.Join(", ", TaskNames.All)}.", nameof(Tasks));
        var unknown = Tasks.Where(t => !TaskNames.All.Contains(t)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"Unknown task{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(t => $"'{t}'"))} for synthetic scenes; choose from {string.Join(", ", TaskNames.All)}.", nameof(Tasks));
        var repeated = Tasks.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (repeated.Count > 0)
            throw new ArgumentException($"Task {string.Join(", ", repeated.Select(t => $"'{t}'"))} is listed more than once for synthetic scenes; list each task once.", nameof(Tasks));
    }
}
