using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks.Algorithms;

/// <summary>
/// Independent, reproducible generators for the runs of one attack (restarts, ensemble members): run i draws from a
/// generator seeded by mixing the attack's seed with i (SplitMix64's finaliser), so a run's randomness depends only
/// on the attack's seed and its index, not on how many runs come before it or what they drew.
/// </summary>
public static class RunSeeds
{
    public static Generator For(Generator? attack, int run)
    {
        ulong seed = attack is null ? 0UL : (ulong)attack.initial_seed();
        ulong z = seed + 0x9E3779B97F4A7C15UL * (ulong)(run + 1);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return new Generator((z ^ (z >> 31)) & long.MaxValue);
    }
}
