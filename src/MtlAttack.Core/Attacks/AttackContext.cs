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

    /// <summary>
    /// The per-task losses [T,N] at a fresh leaf copy of <paramref name="images"/> that requires grad, with their graph.
    /// Autograd is on until the returned graph is disposed, whatever the calling thread's mode, so that the objective's
    /// surrogate built from these losses keeps its graph too: an attack run inside a caller's no_grad still gets its
    /// gradients (PyTorch attack code uses torch.enable_grad for the same reason). Throws when the losses do not depend
    /// on the images at all: TorchSharp 0.107's autograd.grad would abort the whole process on them.
    /// </summary>
    public LossGraph LossesWithGraph(Tensor images)
    {
        var gradients = enable_grad();
        try
        {
            var input = images.detach().requires_grad_(true);
            var losses = TaskLosses(input);
            if (losses.requires_grad) return new LossGraph(input, losses, gradients);
            losses.Dispose();
            input.Dispose();
        }
        catch
        {
            gradients.Dispose();
            throw;
        }
        gradients.Dispose();
        throw new InvalidOperationException(
            "The task losses do not depend on the input images (the model's forward cuts the gradient: no_grad, detach, argmax), so there is no attack direction.");
    }

    public void Dispose() => CleanLosses.Dispose();
}

/// <summary>
/// The leaf input an attack step differentiates by and the per-task losses [T,N] at it. Autograd stays on while it is
/// held; disposing it frees the input and gives the thread back its previous mode (dispose it on the thread that made it).
/// </summary>
public sealed class LossGraph(Tensor input, Tensor losses, IDisposable gradientMode) : IDisposable
{
    public Tensor Input { get; } = input;

    public Tensor Losses { get; } = losses;

    public void Dispose()
    {
        Input.Dispose();
        gradientMode.Dispose();
    }
}
