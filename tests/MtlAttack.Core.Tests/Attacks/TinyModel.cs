using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models.Architecture;
using MtlAttack.Core.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Attacks;

/// <summary>A small real multi-task CNN (shared trunk, three heads) and a random NYU-like batch, for attack tests.</summary>
internal sealed class TinyModel : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> trunk;
    private readonly Dictionary<string, nn.Module<Tensor, Tensor>> heads;

    /// <summary>Weights drawn from a generator seeded with <paramref name="seed"/> (PyTorch's default initialisation), never from torch's global one.</summary>
    public TinyModel(int seed = 3, IReadOnlyList<VisionTask>? tasks = null)
    {
        using var generator = new Generator((ulong)seed);
        Tasks = tasks ?? [VisionTaskFactory.Create(TaskNames.SegmentSemantic, 4), VisionTaskFactory.Create(TaskNames.Normal), VisionTaskFactory.Create(TaskNames.Depth)];
        trunk = nn.Sequential(Conv(3, 8, 3, generator), nn.Tanh(), Conv(8, 8, 3, generator), nn.Tanh());
        heads = Tasks.ToDictionary(t => t.Name, t => Conv(8, t.OutputChannels, 1, generator));
        trunk.eval();
        foreach (var p in trunk.parameters()) p.requires_grad = false;
        foreach (var h in heads.Values) foreach (var p in h.parameters()) p.requires_grad = false;
    }

    public IReadOnlyList<VisionTask> Tasks { get; }

    private static nn.Module<Tensor, Tensor> Conv(int inputs, int outputs, int kernel, Generator generator) =>
        ConvSpec.Same(inputs, outputs, kernel, bias: true, init: ConvInit.TorchDefault).Build(generator);

    public AttackTarget Target(IReadOnlyList<VisionTask>? tasks = null) =>
        new(Forward, tasks ?? Tasks, PixelBounds.From(ImageNormalization.NyuV2));

    public IReadOnlyDictionary<string, Tensor> Forward(Tensor images)
    {
        var features = trunk.forward(images / 64.0);
        return heads.ToDictionary(kv => kv.Key, kv => kv.Value.forward(features));
    }

    /// <summary>A random batch of mean-subtracted images with plausible targets (some ignored labels).</summary>
    public static MultiTaskBatch RandomBatch(int n = 2, int size = 8, int seed = 11)
    {
        using var generator = new Generator((ulong)seed);
        var mean = tensor(ImageNormalization.NyuV2.Mean.Select(m => (float)m).ToArray()).reshape(1, 3, 1, 1);
        var images = rand([n, 3, size, size], generator: generator) * 255 - mean;
        var seg = randint(0, 4, [n, 1, size, size], generator: generator).to_type(ScalarType.Float32);
        seg[TensorIndex.Colon, TensorIndex.Colon, 0, 0] = 255;
        var normal = nn.functional.normalize(randn([n, 3, size, size], generator: generator), dim: 1);
        var depth = rand([n, 1, size, size], generator: generator) * 4 + 1;
        var ones = torch.ones(n, 1, size, size);
        return new MultiTaskBatch(images,
            new Dictionary<string, Tensor> { [TaskNames.SegmentSemantic] = seg, [TaskNames.Normal] = normal, [TaskNames.Depth] = depth },
            new Dictionary<string, Tensor> { [TaskNames.SegmentSemantic] = ones.clone(), [TaskNames.Normal] = ones.clone(), [TaskNames.Depth] = ones.clone() });
    }

    public void Dispose()
    {
        trunk.Dispose();
        foreach (var h in heads.Values) h.Dispose();
    }
}

/// <summary>A task whose loss is another task's times a constant: DGBA must not notice, the total-loss attack does.</summary>
internal sealed class ScaledTask(VisionTask inner, double factor) : VisionTask
{
    public override string Name => inner.Name;
    public override int OutputChannels => inner.OutputChannels;
    public override int TargetChannels => inner.TargetChannels;
    public override IReadOnlyList<MetricDefinition> Metrics => inner.Metrics;
    public override Tensor PerSampleLoss(Tensor prediction, Tensor target, Tensor mask) => inner.PerSampleLoss(prediction, target, mask) * factor;
    public override MetricAccumulator CreateAccumulator() => inner.CreateAccumulator();
}
