using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using static TorchSharp.torch;

namespace MtlAttack.Grains.Tests;

/// <summary>Tiny untrained checkpoints over a tiny synthetic dataset: the service's mechanics do not need a good model.</summary>
internal static class TinyModels
{
    public const int Size = 16;
    public const string Dataset = "synthetic:count=20,size=16,seed=4";

    /// <summary>Thirty epsilons (0.5 to 15): a cell each, for evaluations that must last a while in cells, not in one long batch.</summary>
    public static readonly IReadOnlyList<double> ManyEpsilons = Enumerable.Range(1, 30).Select(i => i * 0.5).ToList();

    public static string Save(string directory, long seed = 2, bool withNaN = false)
    {
        var dataset = new SyntheticScenes(new SyntheticSceneOptions { Count = 20, Size = Size, Seed = 4 });
        var spec = ModelSpec.Create(BackboneCatalog.CpuDefault, Layout.FullyShared(3, 5), dataset.Tasks, dataset.Normalization, Size, Size);
        using var network = MultiTaskNetwork.Create(spec, seed);
        if (withNaN)
            using (no_grad())
                network.parameters().First()[0, 0, 0, 0] = float.NaN;
        network.Save(directory);
        return directory;
    }
}

internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mtl-grains-").FullName;

    public string Sub(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { }
    }
}
