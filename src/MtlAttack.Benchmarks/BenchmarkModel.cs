using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Benchmarks;

/// <summary>
/// What every measurement runs on: an attack target in eval mode with frozen weights, one batch on its device, and
/// the attack context over both. Either the benchmark's own untrained network on synthetic scenes
/// (<see cref="Create"/>), or a loaded model folder on a batch shaped as it declares (<see cref="Over"/>).
/// </summary>
/// <param name="owned">What disposing the model disposes besides its context.</param>
internal sealed class BenchmarkModel(AttackTarget target, MultiTaskBatch batch, MultiTaskNetwork? network, IReadOnlyList<IDisposable> owned) : IDisposable
{
    /// <summary>The benchmark's own untrained network; null where a loaded model folder is timed.</summary>
    public MultiTaskNetwork? Network { get; } = network;
    public MultiTaskBatch Batch { get; } = batch;
    public AttackContext Context { get; } = new(target, batch);
    public AttackTarget Target => Context.Target;
    public int Height => (int)Batch.Images.shape[2];
    public int Width => (int)Batch.Images.shape[3];

    /// <summary>The image size as ratio ids name it: <c>64</c> for 64x64, <c>48x64</c> otherwise.</summary>
    public string SizeLabel => Height == Width ? $"{Height}" : $"{Height}x{Width}";

    public static BenchmarkModel Create(BenchmarkOptions options, int size, Device device)
    {
        var scenes = new SyntheticScenes(Scenes(options, size, testBatches: 1));
        var network = CreateNetwork(options, scenes, size);
        MultiTaskBatch? batch = null;
        try
        {
            network.to(device);
            network.eval();
            foreach (var parameter in network.parameters()) parameter.requires_grad = false;

            var loader = new MultiTaskLoader(scenes, SyntheticScenes.TestSplit, options.BatchSize, shuffle: false, augment: false, seed: options.Seed);
            var hostBatch = loader.LoadBatch(0, 0);
            batch = hostBatch;
            if (device.type != DeviceType.CPU)
            {
                batch = hostBatch.To(device);
                hostBatch.Dispose();
            }
            return new BenchmarkModel(NetworkAttackTarget.Create(network, scenes.Tasks), batch, network, [batch, network]);
        }
        catch
        {
            batch?.Dispose();
            network.Dispose();
            throw;
        }
    }

    /// <summary>A loaded model scored by <paramref name="tasks"/> on <paramref name="batch"/>; both stay the caller's to dispose.</summary>
    public static BenchmarkModel Over(AttackableModel model, IReadOnlyList<VisionTask> tasks, MultiTaskBatch batch) =>
        new(model.Target(tasks), batch, network: null, owned: []);

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
        foreach (var resource in owned) resource.Dispose();
    }
}
