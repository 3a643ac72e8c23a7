using MtlAttack.Core.Datasets.Synthetic;

namespace MtlAttack.Core.Datasets;

/// <summary>
/// Derives independent, stable seeds from (seed, epoch, index). HashCode.Combine is randomised per process,
/// so it cannot be used where runs must repeat; SplitMix64 finalisation is stable and mixes well.
/// </summary>
internal static class MultiTaskLoaderSeeds
{
    public static int Mix(params long[] parts)
    {
        ulong state = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
            state = Hash.Finalize(state ^ Hash.Finalize((ulong)part + 0x9E3779B97F4A7C15UL));
        return (int)(state & 0x7FFFFFFF);
    }
}
