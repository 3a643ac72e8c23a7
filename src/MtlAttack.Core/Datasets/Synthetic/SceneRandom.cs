namespace MtlAttack.Core.Datasets.Synthetic;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by this code alone, so scenes stay identical across
/// .NET versions and machines (System.Random's seeded algorithm is an implementation detail).
/// </summary>
internal sealed class SceneRandom(ulong state)
{
    private ulong _state = state;

    /// <summary>The generator for one scene: a pure function of the dataset seed, the split and the index.</summary>
    public static SceneRandom ForScene(int seed, string split, int index) =>
        new(Hash.Mix(Hash.Mix(Hash.Mix(0x5CE9E5UL, (ulong)(uint)seed), Hash.OfString(split)), (ulong)(uint)index));

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Hash.Finalize(_state);
    }

    /// <summary>Uniform in [0, 1) with 53 bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [min, maxInclusive].</summary>
    public int Int(int min, int maxInclusive) => min + (int)(NextUInt64() % (ulong)(maxInclusive - min + 1));
}

/// <summary>Integer hashing shared by the scene generator, the procedural noise texture and the loader's seeds.</summary>
internal static class Hash
{
    public static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Mix(ulong a, ulong b) => Finalize(a ^ (b + 0x9E3779B97F4A7C15UL + (a << 6) + (a >> 2)));

    /// <summary>FNV-1a, stable across processes (string.GetHashCode is randomised per process).</summary>
    public static ulong OfString(string text)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in text) h = (h ^ c) * 0x100000001B3UL;
        return h;
    }
}
