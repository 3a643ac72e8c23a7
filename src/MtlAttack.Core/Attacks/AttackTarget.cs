using MtlAttack.Core.Tasks;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks;

/// <summary>
/// What an attack needs of a model: a forward pass returning every task's output (the model in eval mode,
/// its parameters frozen), the tasks with their losses, and the valid pixel range.
/// </summary>
public sealed class AttackTarget(Func<Tensor, IReadOnlyDictionary<string, Tensor>> forward, IReadOnlyList<VisionTask> tasks, PixelBounds bounds)
{
    public IReadOnlyList<VisionTask> Tasks { get; } = tasks.Count > 0 ? tasks : throw new ArgumentException("An attack target needs at least one task.");
    public PixelBounds Bounds { get; } = bounds;

    public IReadOnlyDictionary<string, Tensor> Forward(Tensor images) => forward(images);

    /// <summary>The same model and pixel range with <paramref name="replacement"/> tasks (the reference protocol's rules for the same heads).</summary>
    public AttackTarget WithTasks(IReadOnlyList<VisionTask> replacement)
    {
        if (replacement.Count != Tasks.Count || replacement.Where((t, i) => t.Name != Tasks[i].Name).Any())
            throw new ArgumentException($"Replacement tasks must be the target's own ({string.Join(", ", Tasks.Select(t => t.Name))}), in order.", nameof(replacement));
        return new AttackTarget(forward, replacement, Bounds);
    }

    public int TaskIndex(string task)
    {
        for (int i = 0; i < Tasks.Count; i++)
            if (Tasks[i].Name == task) return i;
        throw new ArgumentException($"Unknown task '{task}': the model has {string.Join(", ", Tasks.Select(t => t.Name))}.");
    }
}
