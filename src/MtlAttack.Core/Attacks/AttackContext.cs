using MtlAttack.Core.Datasets;
using static TorchSharp.torch;

namespace MtlAttack.Core.Attacks;

/// <summary>
/// One batch under attack: the target, the batch's labels and masks, the clean per-task losses, which objective step the
/// attack is at, and what the attack differentiates per task (<see cref="Losses"/>: the tasks' own losses unless a loss
/// form or targeted goal asks otherwise, through <see cref="Under"/>).
/// </summary>
public sealed class AttackContext : IDisposable
{
    private readonly StepClock clock;
    private readonly Dictionary<string, AttackContext> views = new(StringComparer.Ordinal);
    private Tensor? cleanLosses;
    private int cleanLossesStep;
    private Tensor? datasetBaseline;

    /// <param name="datasetCleanLosses">
    /// Optional, one per task in the target's order: the clean loss of each task averaged over the whole dataset, which
    /// <see cref="ValueBaseline"/> then gives instead of each sample's own clean loss (the reference protocol fills it
    /// from its clean baseline). Each must be a finite number above zero.
    /// </param>
    public AttackContext(AttackTarget target, MultiTaskBatch batch, IReadOnlyList<double>? datasetCleanLosses = null)
        : this(target, batch, AttackLosses.TaskOwn, new StepClock())
    {
        if (datasetCleanLosses is not null)
        {
            if (datasetCleanLosses.Count != target.Tasks.Count)
                throw new ArgumentException(
                    $"The dataset's clean losses name {datasetCleanLosses.Count} tasks, but the model has {target.Tasks.Count} ({string.Join(", ", target.Tasks.Select(t => t.Name))}); give one per task in that order.",
                    nameof(datasetCleanLosses));
            if (datasetCleanLosses.Any(l => !double.IsFinite(l) || l <= 0))
                throw new ArgumentException(
                    $"The dataset's clean losses must be finite numbers above zero (they divide the relative loss change); got {string.Join(", ", datasetCleanLosses)}.",
                    nameof(datasetCleanLosses));
            DatasetCleanLosses = datasetCleanLosses.ToArray();
        }
        _ = CleanLosses;
    }

    private AttackContext(AttackTarget target, MultiTaskBatch batch, AttackLosses losses, StepClock clock)
    {
        Target = target;
        Batch = batch;
        Losses = losses;
        this.clock = clock;
    }

    public AttackTarget Target { get; }
    public MultiTaskBatch Batch { get; }
    public Tensor CleanImages => Batch.Images;

    /// <summary>What <see cref="TaskLosses"/> computes per task.</summary>
    public AttackLosses Losses { get; }

    /// <summary>
    /// The objective evaluation the attack is at, 1-based, of <see cref="Steps"/> (the algorithm's
    /// <see cref="Algorithms.AttackAlgorithm.ObjectiveSteps"/>); 1 of 1 until an algorithm says otherwise.
    /// </summary>
    public int Step => clock.Step;

    /// <summary>How many objective evaluations the running attack makes.</summary>
    public int Steps => clock.Steps;

    /// <summary>
    /// Every algorithm calls this once before each objective evaluation (a forward and backward pass), so that per-step
    /// losses (SegPGD's weights) know where the attack is. Shared by every view of the batch (<see cref="Under"/>).
    /// </summary>
    public void BeginStep(int step, int steps)
    {
        if (steps < 1 || step < 1 || step > steps)
            throw new ArgumentOutOfRangeException(nameof(step), $"Step {step} of {steps}: an attack's steps count from 1 to its number of objective evaluations.");
        clock.Step = step;
        clock.Steps = steps;
    }

    /// <summary>
    /// Per-task, per-sample values of <see cref="Losses"/> on the clean batch, [T,N], without a graph. For losses that
    /// change with the step (SegPGD) they are recomputed at the current step, so a relative change compares like with like.
    /// </summary>
    public Tensor CleanLosses
    {
        get
        {
            if (cleanLosses is not null && (!Losses.DependsOnStep || cleanLossesStep == Step)) return cleanLosses;
            cleanLosses?.Dispose();
            using (no_grad())
                cleanLosses = TaskLosses(Batch.Images).detach().DetachFromDisposeScope();
            cleanLossesStep = Step;
            return cleanLosses;
        }
    }

    /// <summary>
    /// Each task's clean loss averaged over the dataset, when the evaluation gave them (the reference protocol); null
    /// otherwise, and on every <see cref="Under"/> view, whose losses are not the tasks' own.
    /// </summary>
    public IReadOnlyList<double>? DatasetCleanLosses { get; }

    /// <summary>
    /// What an objective's value measures a relative loss change from: <see cref="DatasetCleanLosses"/> as [T,1] when
    /// given (the reference code's DGBA-APGD compares batch losses with the dataset's mean clean loss), else each
    /// sample's own <see cref="CleanLosses"/>, [T,N]. Owned by this context.
    /// </summary>
    public Tensor ValueBaseline
    {
        get
        {
            if (DatasetCleanLosses is null) return CleanLosses;
            var clean = CleanLosses;
            return datasetBaseline ??= tensor(DatasetCleanLosses.ToArray(), dtype: clean.dtype, device: clean.device)
                .reshape(-1, 1).DetachFromDisposeScope();
        }
    }

    /// <summary>
    /// This batch with the attack differentiating <paramref name="losses"/> instead: same target, batch and step, its own
    /// clean losses. Made once per distinct losses and disposed with this context; the task-own losses are this context.
    /// </summary>
    public AttackContext Under(AttackLosses losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        var key = losses.ViewKey;
        if (key == Losses.ViewKey) return this;
        if (!views.TryGetValue(key, out var view))
            views[key] = view = new AttackContext(Target, Batch, losses, clock);
        return view;
    }

    /// <summary>Per-task, per-sample values of <see cref="Losses"/> at <paramref name="images"/>, [T,N]: one forward pass, graph kept when gradients are on.</summary>
    public Tensor TaskLosses(Tensor images) => Losses.Compute(this, Target.Forward(images));
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

    public void Dispose()
    {
        foreach (var view in views.Values) view.Dispose();
        cleanLosses?.Dispose();
        datasetBaseline?.Dispose();
    }

    /// <summary>The step counter a context shares with its views.</summary>
    private sealed class StepClock
    {
        public int Step = 1;
        public int Steps = 1;
    }
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
