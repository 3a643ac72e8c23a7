namespace MtlAttack.Core.Models.Sharing;

/// <summary>
/// Counts chains of refining partitions. The number of ways to continue from a partition depends only on the sizes
/// of its groups, so counts are memoised by the sorted group sizes and the number of blocks still to place.
/// </summary>
internal sealed class LayoutCounting
{
    private readonly Dictionary<string, long> memo = [];

    /// <summary>Number of layouts of <paramref name="remainingBlocks"/> blocks whose first block refines <paramref name="parent"/>.</summary>
    public long Continuations(int[] parent, int remainingBlocks)
    {
        if (remainingBlocks == 0) return 1;
        var sizes = SetPartitions.Groups(parent).Select(g => g.Length).Order();
        string key = $"{remainingBlocks}:{string.Join(",", sizes)}";
        if (memo.TryGetValue(key, out long cached)) return cached;
        long total = 0;
        foreach (var child in SetPartitions.Refinements(parent))
            total = checked(total + Continuations(child, remainingBlocks - 1));
        memo[key] = total;
        return total;
    }
}
