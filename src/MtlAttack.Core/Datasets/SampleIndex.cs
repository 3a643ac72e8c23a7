namespace MtlAttack.Core.Datasets;

/// <summary>The one range check every reader applies to <see cref="IMultiTaskDataset.Load"/>'s index.</summary>
internal static class SampleIndex
{
    public static void Require(string description, string split, int index, int count, string items = "samples")
    {
        if (index < 0 || index >= count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Split '{split}' of {description} has {items} 0..{count - 1}.");
    }
}
