using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models;

/// <summary>
/// A loaded model that can be attacked and scored, whatever made it: a native <see cref="MultiTaskNetwork"/> or a
/// user's TorchScript module. It is on its device, in eval mode, with frozen weights; <see cref="Forward"/> takes
/// [N,3,H,W] mean-subtracted pixels in 0..255 units and returns every task's prediction by name. Evaluation, attacks,
/// benchmarks and the service all go through this one type (and <see cref="Target"/>), so there is one attack path.
/// </summary>
public abstract class AttackableModel : IDisposable
{
    protected AttackableModel(string directory, ModelHeader header, Device device)
    {
        Directory = directory;
        Header = header;
        Device = device;
    }

    /// <summary>Full path of the model folder.</summary>
    public string Directory { get; }

    /// <summary>What model.json declares: format, tasks in output order, normalisation, input size.</summary>
    public ModelHeader Header { get; }

    public Device Device { get; }

    public IReadOnlyList<string> TaskNames => Header.TaskNames;

    public PixelBounds Bounds => PixelBounds.From(Header.Normalization);

    /// <summary>Every task's prediction [N,C,h,w], keyed by task name; gradients flow to <paramref name="images"/>.</summary>
    public abstract IReadOnlyDictionary<string, Tensor> Forward(Tensor images);

    /// <summary>One line naming the model for people: its folder and what it is.</summary>
    public abstract string Describe();

    /// <summary>The files whose bytes are the model (model.json first), for content hashes.</summary>
    public IReadOnlyList<string> Files => Header.Files.Select(f => Path.Combine(Directory, f)).ToList();

    /// <summary>The attack target of this model scored by <paramref name="tasks"/> (the dataset's tasks for its heads).</summary>
    public AttackTarget Target(IReadOnlyList<VisionTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        foreach (var task in tasks)
            if (!TaskNames.Contains(task.Name))
                throw new ArgumentException($"This model has no task '{task.Name}'; it predicts {string.Join(", ", TaskNames)}.", nameof(tasks));
        return new AttackTarget(Forward, tasks, Bounds);
    }

    /// <summary>The dataset's tasks for this model's heads, in the model's order (Core's check, shared by the CLI and the service).</summary>
    public IReadOnlyList<VisionTask> TasksFor(IMultiTaskDataset dataset) => ModelDatasetMatch.Tasks(Header.Tasks, Header.Normalization, dataset, Header.Provenance);

    public abstract void Dispose();
}
