using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using MtlAttack.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Benchmarks;

/// <summary>
/// An untrained network in eval mode with frozen weights (timings do not need trained ones), one batch of synthetic
/// scenes at the given size on the device, and the attack context over both: what every measurement runs on.
/// </summary>
internal sealed class BenchmarkModel : IDisposable
{
    private BenchmarkModel(MultiTaskNetwork network, MultiTaskBatch batch, AttackContext context, int size)
    {
        Network = network;
        Batch = batch;
        Context = context;
        Size = size;
    }

    public MultiTaskNetwork Network { get; }
    public MultiTaskBatch Batch { get; }
    public AttackContext Context { get; }
    public AttackTarget Target => Context.Target;
    public int Size { get; }

    public static BenchmarkModel Create(BenchmarkOptions options, int size, Device device)
    {
        var scenes = new SyntheticScenes(Scenes(options, size, testBatches: 1));
        var network = CreateNetwork(options, scenes, size);
        try
        {
            network.to(device);
            network.eval();
            foreach (var parameter in network.parameters()) parameter.requires_grad = false;

            var loader = new MultiTaskLoader(scenes, SyntheticScenes.TestSplit, options.BatchSize, shuffle: false, augment: false, seed: options.Seed);
            var hostBatch = loader.LoadBatch(0, 0);
            var batch = hostBatch;
            if (device.type != DeviceType.CPU)
            {
                batch = hostBatch.To(device);
                hostBatch.Dispose();
            }
            var context = new AttackContext(NetworkAttackTarget.Create(network, scenes.Tasks), batch);
            return new BenchmarkModel(network, batch, context, size);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Synthetic scenes whose test split holds round(count x 0.2) scenes: exactly <paramref name="testBatches"/> batches.</summary>
    public static SyntheticSceneOptions Scenes(BenchmarkOptions options, int size, int testBatches) => new()
    {
        Count = Math.Max(SyntheticSceneOptions.MinCount, 5 * options.BatchSize * testBatches),
        Size = size,
        Seed = options.Seed,
        Tasks = options.Tasks,
    };

    /// <summary>The untrained, fully shared network of the benchmark's backbone for <paramref name="scenes"/>, on the CPU.</summary>
    public static MultiTaskNetwork CreateNetwork(BenchmarkOptions options, SyntheticScenes scenes, int size)
    {
        var backbone = BackboneCatalog.Get(options.Backbone);
        var spec = ModelSpec.Create(backbone.Name, Layout.FullyShared(scenes.Tasks.Count, backbone.BlockCount), scenes.Tasks,
            scenes.Normalization, size, size, new Dictionary<string, string> { ["origin"] = "benchmark, untrained" });
        return MultiTaskNetwork.Create(spec, options.Seed);
    }

    public void Dispose()
    {
        Context.Dispose();
        Batch.Dispose();
        Network.Dispose();
    }
}
