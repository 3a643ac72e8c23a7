using MtlAttack.Core.Models.Architecture;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using MtlAttack.Core.Telemetry;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models;

/// <summary>
/// A tree-structured multi-task network: for every block of the backbone, one copy per layout group, and one head
/// per task. Forward returns every task's prediction at feature resolution ([N, OutputChannels, ~H/stride,
/// ~W/stride]); tasks resize to their targets themselves.
/// <para>
/// Input: [N, 3, H, W] mean-subtracted pixels in 0..255 units (see <see cref="ModelSpec"/>). There is no fixed
/// input scaling: every backbone's first convolution feeds a BatchNorm, which makes the network's output and its
/// weight gradients invariant to the input's scale, so training is well conditioned without one, and the networks
/// stay weight-compatible with the reference (Caffe-style) models that take the same unscaled inputs.
/// </para>
/// <para>
/// State-dict keys: <c>backbone.block{b}.group{g}.{block module path}</c> with g the group's index in
/// <see cref="Layout.Groups"/> (ordered by smallest task) and block paths following torchvision
/// (<c>conv1</c>, <c>bn1</c> in the stem; <c>layer{b}.{i}.conv1</c>, <c>…downsample.0</c> in block b), and
/// <c>heads.{task}.{head path}</c> (ResNets: <c>fc1..fc4.conv1..conv3</c> as in the reference ASPP). Stripping
/// <c>backbone.block{b}.group{g}.</c> gives torchvision's key for the same tensor.
/// </para>
/// </summary>
public sealed class MultiTaskNetwork : nn.Module<Tensor, IReadOnlyDictionary<string, Tensor>>
{
    public const string SpecFileName = "model.json";
    public const string WeightsFileName = "weights.safetensors";

    // Field names are the state-dict prefixes (RegisterComponents uses them).
    private readonly ModuleContainer backbone;
    private readonly ModuleContainer heads;

    private readonly nn.Module<Tensor, Tensor>[][] blockCopies;
    private readonly nn.Module<Tensor, Tensor>[] taskHeads;
    private readonly Dictionary<string, int> taskIndex;

    // Every network runs under the convolution back-ends that give right, reproducible gradients (see TorchBackends).
    static MultiTaskNetwork() => Native.TorchBackends.EnsureConfigured();

    private MultiTaskNetwork(ModelSpec spec, Generator generator) : base(nameof(MultiTaskNetwork))
    {
        spec.Validate();
        Spec = spec;
        Backbone = spec.ResolveBackbone();
        Layout = spec.ParseLayout();
        TaskNames = spec.TaskNames;
        taskIndex = TaskNames.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);

        blockCopies = new nn.Module<Tensor, Tensor>[Layout.BlockCount][];
        var blockContainers = new List<(string, nn.Module)>();
        for (int b = 0; b < Layout.BlockCount; b++)
        {
            blockCopies[b] = Enumerable.Range(0, Layout.GroupCount(b)).Select(_ => Backbone.Blocks[b].Build(generator)).ToArray();
            blockContainers.Add(($"block{b}", new ModuleContainer(blockCopies[b].Select((m, g) => ($"group{g}", (nn.Module)m)))));
        }
        taskHeads = spec.Tasks.Select(t => Backbone.Head(t.OutputChannels).Build(generator)).ToArray();

        backbone = new ModuleContainer(blockContainers);
        heads = new ModuleContainer(TaskNames.Zip(taskHeads, (name, head) => (name, (nn.Module)head)));
        RegisterComponents();
    }

    public ModelSpec Spec { get; private set; }

    public Backbone Backbone { get; }

    public Layout Layout { get; }

    /// <summary>Task names in layout order: task i of the layout is TaskNames[i].</summary>
    public IReadOnlyList<string> TaskNames { get; }

    /// <summary>
    /// Builds a freshly initialised network: every weight is drawn from a private generator seeded with
    /// <paramref name="seed"/>, so the same spec and seed give the same weights even while other threads draw
    /// random numbers.
    /// </summary>
    public static MultiTaskNetwork Create(ModelSpec spec, long seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        using var generator = new Generator(unchecked((ulong)seed));
        return new MultiTaskNetwork(spec, generator);
    }

    /// <summary>
    /// Has every dropout layer draw its training-mode masks from <paramref name="generator"/> (on the network's
    /// device) until the returned scope is disposed. Training mode needs one whenever the backbone has dropout; see
    /// <see cref="GeneratorDropout"/>.
    /// </summary>
    public IDisposable DrawDropoutFrom(Generator generator)
    {
        ArgumentNullException.ThrowIfNull(generator);
        var layers = modules().OfType<GeneratorDropout>().ToList();
        foreach (var layer in layers) layer.Random = generator;
        return new DropoutGeneratorScope(layers);
    }

    private sealed class DropoutGeneratorScope(List<GeneratorDropout> layers) : IDisposable
    {
        public void Dispose()
        {
            foreach (var layer in layers) layer.Random = null;
        }
    }

    /// <summary>Every task's prediction, keyed by task name, in spec order.</summary>
    public override IReadOnlyDictionary<string, Tensor> forward(Tensor images) => Forward(images, TaskNames);

    /// <summary>Predictions of the named tasks only; block copies no requested task uses are not run.</summary>
    public IReadOnlyDictionary<string, Tensor> Forward(Tensor images, IEnumerable<string> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var wanted = tasks.Distinct().Select(IndexOfTask).Order().ToList();
        if (wanted.Count == 0) throw new ArgumentException("Name at least one task to predict.", nameof(tasks));
        CheckInput(images);

        using var scope = NewDisposeScope();
        var features = new Tensor?[Layout.GroupCount(0)];
        for (int b = 0; b < Layout.BlockCount; b++)
        {
            var next = new Tensor?[Layout.GroupCount(b)];
            foreach (int g in wanted.Select(t => Layout.GroupOf(b, t)).Distinct())
            {
                var input = b == 0 ? images : features[Layout.ParentGroup(b, g)]!;
                next[g] = blockCopies[b][g].call(input);
            }
            features = next;
        }

        int last = Layout.BlockCount - 1;
        var outputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (int t in wanted)
            outputs[TaskNames[t]] = taskHeads[t].call(features[Layout.GroupOf(last, t)]!).MoveToOuterDisposeScope();
        return outputs;
    }

    /// <summary>One task's prediction, running only the branch that task uses.</summary>
    public Tensor ForwardTask(Tensor images, string task) => Forward(images, [task])[task];

    /// <summary>Parameters one task's prediction depends on: its block copies and its head, with state-dict names.</summary>
    public IEnumerable<(string Name, TorchSharp.Modules.Parameter Parameter)> TaskParameters(string task)
    {
        int t = IndexOfTask(task);
        var prefixes = Enumerable.Range(0, Layout.BlockCount).Select(b => $"backbone.block{b}.group{Layout.GroupOf(b, t)}.")
            .Append($"heads.{task}.").ToList();
        return named_parameters().Where(p => prefixes.Any(prefix => p.name.StartsWith(prefix, StringComparison.Ordinal)))
            .Select(p => (p.name, p.parameter));
    }

    /// <summary>Analytic size and cost of this network at the spec's input size.</summary>
    public LayoutMeasures Measure() => LayoutMeasures.Of(Spec);

    /// <summary>Merges entries into the spec's provenance (dataset, training settings), saved with the next <see cref="Save"/>.</summary>
    public void UpdateProvenance(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var merged = new SortedDictionary<string, string>(Spec.Provenance.ToDictionary(), StringComparer.Ordinal);
        foreach (var (key, value) in entries) merged[key] = value;
        Spec = Spec with { Provenance = merged };
    }

    /// <summary>Writes <c>model.json</c> and <c>weights.safetensors</c> into <paramref name="directory"/> (created if needed).</summary>
    public void Save(string directory) => CheckpointFiles.Save(this, directory);

    /// <summary>Rebuilds the network <c>model.json</c> describes and loads <c>weights.safetensors</c> into it, validating every tensor.</summary>
    public static MultiTaskNetwork Load(string directory, Device? device = null)
    {
        using var span = CoreTelemetry.Source.StartActivity(CoreTelemetry.Spans.LoadNetwork);
        span?.SetTag("mtlattack.checkpoint", directory);
        // The initial weights are all overwritten; a fixed private generator draws them so loading touches no shared state.
        var network = CheckpointFiles.Load(directory, spec => Create(spec, seed: 0));
        if (device is not null && device.type != DeviceType.CPU) network.to(device);
        return network;
    }

    internal int IndexOfTask(string task) =>
        taskIndex.TryGetValue(task ?? throw new ArgumentNullException(nameof(task)), out int index)
            ? index
            : throw new ArgumentException($"This network has no task '{task}'; it predicts {string.Join(", ", TaskNames)}.", nameof(task));

    private void CheckInput(Tensor images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.dim() != 4 || images.shape[1] != 3)
            throw new ArgumentException($"Images must be [N, 3, H, W]; got [{string.Join(", ", images.shape)}].", nameof(images));
        var reference = parameters().First();
        if (images.dtype != reference.dtype)
            throw new ArgumentException($"Images are {images.dtype} but the network's weights are {reference.dtype}.", nameof(images));
        if (images.device_type != reference.device_type || images.device_index != reference.device_index)
            throw new ArgumentException($"Images are on {images.device} but the network is on {reference.device}.", nameof(images));
    }
}
