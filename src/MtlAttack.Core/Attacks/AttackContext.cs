using MtlAttack.Core.Datasets;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks;

/// <summary>One batch under attack: the target, the batch's labels and masks, and the clean per-task losses.</summary>
public sealed class AttackContext : IDisposable
{
    public AttackContext(AttackTarget target, MultiTaskBatch batch)
    {
        Target = target;
        Batch = batch;
        using (no_grad())
            CleanLosses = TaskLosses(batch.Images).detach();
    }

    public AttackTarget Target { get; }
    public MultiTaskBatch Batch { get; }
    public Tensor CleanImages => Batch.Images;

    /// <summary>Per-task, per-sample losses of the clean batch, [T,N], without a graph.</summary>
    public Tensor CleanLosses { get; }

    /// <summary>Per-task, per-sample losses at <paramref name="images"/>, [T,N]: one forward pass, graph kept when gradients are on.</summary>
    public Tensor TaskLosses(Tensor images)
    {
        var outputs = Target.Forward(images);
        var losses = new Tensor[Target.Tasks.Count];
        for (int t = 0; t < losses.Length; t++)
        {
            var task = Target.Tasks[t];
            if (!outputs.TryGetValue(task.Name, out var prediction))
                throw new InvalidOperationException($"The model returned no output for task '{task.Name}'.");
            losses[t] = task.PerSampleLoss(prediction, Batch.Targets[task.Name], Batch.Masks[task.Name]);
        }
        return stack(losses);
    }

    public void Dispose() => CleanLosses.Dispose();
}
