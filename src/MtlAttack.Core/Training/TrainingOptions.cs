using System.Text.Json.Serialization;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Training;

/// <summary>
/// Everything a multi-task training run is told. The defaults train the CPU default model ("small" backbone,
/// fully shared) on the default synthetic scenes to well above the trivial predictors in a few minutes on two
/// cores; see the measurements in <c>TrainingDefaults</c>. <see cref="Validate"/> says what to fix.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Dataset spec (<see cref="Datasets.DatasetSpec"/>), ignored when the trainer is handed a dataset.</summary>
    public string Dataset { get; init; } = TrainingDefaults.Dataset;

    /// <summary>Where <c>best/</c> and <c>last/</c> go. Required.</summary>
    public string OutputDirectory { get; init; } = "";

    /// <summary>A name from <see cref="BackboneCatalog"/>.</summary>
    public string Backbone { get; init; } = BackboneCatalog.CpuDefault;

    /// <summary>Layout text (<see cref="Models.Sharing.Layout"/>); null means fully shared for the dataset's tasks.</summary>
    public string? Layout { get; init; }

    /// <summary>Tasks to train (canonical names or aliases), in layout order; null means every task the dataset has.</summary>
    public IReadOnlyList<string>? Tasks { get; init; }

    public int Epochs { get; init; } = TrainingDefaults.Epochs;

    public int BatchSize { get; init; } = TrainingDefaults.BatchSize;

    /// <summary>Batch size of the per-epoch validation pass (no gradients, so it can be larger).</summary>
    public int ValidationBatchSize { get; init; } = 50;

    /// <summary><c>adam</c> or <c>sgd</c> (with <see cref="Momentum"/>).</summary>
    public string Optimizer { get; init; } = TrainingDefaults.Optimizer;

    public double LearningRate { get; init; } = TrainingDefaults.LearningRate;

    /// <summary>SGD momentum; Adam ignores it.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay, coupled as in torch.optim.SGD/Adam.</summary>
    public double WeightDecay { get; init; } = TrainingDefaults.WeightDecay;

    /// <summary><c>poly</c>, <c>cosine</c> or <c>constant</c>; stepped every batch (see <see cref="LearningRateSchedule"/>).</summary>
    public string LearningRateSchedule { get; init; } = TrainingDefaults.LearningRateSchedule;

    /// <summary>Exponent of the poly schedule, 0.9 as in DeepLab and AdaShare.</summary>
    public double PolyPower { get; init; } = 0.9;

    /// <summary>Per-task loss weights by task name; a task not listed weighs 1. Null: the plain sum.</summary>
    public IReadOnlyDictionary<string, double>? TaskWeights { get; init; }

    /// <summary>Train-time augmentation of the loader (random scale, mirror, crop).</summary>
    public bool Augment { get; init; } = TrainingDefaults.Augment;

    /// <summary>Seeds the initial weights, the loader's order and augmentation, dropout and the attacks' random starts.</summary>
    public int Seed { get; init; } = 1;

    public string TrainSplit { get; init; } = "train";

    /// <summary>Split scored after every epoch; its metrics choose the best checkpoint.</summary>
    public string ValidationSplit { get; init; } = "test";

    /// <summary>How <c>best/</c> is chosen; see <see cref="BestCheckpointCriterion"/>.</summary>
    public string BestCriterion { get; init; } = BestCheckpointCriterion.RelativeHeadline;

    /// <summary>
    /// Memory for keeping loaded samples between epochs (see <see cref="CachedDataset"/>); 0 reads every sample every
    /// time. The default holds the default synthetic data (about 180 MB) several times over.
    /// </summary>
    public int SampleCacheMegabytes { get; init; } = 1024;

    /// <summary>Torch device, e.g. <c>cpu</c> or <c>cuda</c>.</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Adversarial training: an <see cref="Attacks.AttackCatalog"/> algorithm (<c>fgsm</c>, <c>pgd</c>, <c>apgd</c>)
    /// or null for clean training.
    /// </summary>
    public string? Adversarial { get; init; }

    /// <summary><c>total</c> or <c>dgba</c> (any objective of the catalog that needs no task name).</summary>
    public string AdvObjective { get; init; } = "total";

    /// <summary>L-infinity budget in 0..255 pixel units.</summary>
    public double AdvEpsilon { get; init; } = 4;

    public int AdvSteps { get; init; } = 3;

    /// <summary>Step size in pixel units; null means <see cref="AdvEpsilon"/> / <see cref="AdvSteps"/> (I-FGSM).</summary>
    public double? AdvStepSize { get; init; }

    public bool AdvRandomStart { get; init; }

    /// <summary>
    /// Fraction of every training batch replaced by its adversarial version: the first round(ratio x N) samples of
    /// each (shuffled) batch are attacked, the rest stay clean. 1 trains on adversarial images only. The
    /// <c>reference</c> <see cref="AdvProtocol"/> ignores it: it attacks whole batches.
    /// </summary>
    public double AdvRatio { get; init; } = 0.5;

    /// <summary>
    /// <c>mixed</c> (default: <see cref="AdvRatio"/> of every batch attacked, one step) or <c>reference</c> (a clean step,
    /// then a step on the fully attacked batch, as MTLAttack-DGBA trains); see <see cref="AdversarialProtocols"/>.
    /// </summary>
    public string AdvProtocol { get; init; } = AdversarialProtocols.Mixed;

    [JsonIgnore]
    public bool IsReferenceAdversarial => IsAdversarial && AdversarialProtocols.IsReference(AdvProtocol);

    /// <summary>A checkpoint directory written by a previous run (its <c>last/</c>, or <c>best/</c>) to continue from.</summary>
    public string? ResumeFrom { get; init; }

    [JsonIgnore]
    public bool IsAdversarial => Adversarial is not null;

    /// <summary>Throws an <see cref="ArgumentException"/> that names the option and says what to use instead.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(OutputDirectory))
            throw Invalid(nameof(OutputDirectory), "is empty; give the folder where best/ and last/ should be written");
        if (!BackboneCatalog.Names.Contains(Backbone?.Trim() ?? "", StringComparer.OrdinalIgnoreCase))
            throw Invalid(nameof(Backbone), $"'{Backbone}' is not a backbone; use one of {string.Join(", ", BackboneCatalog.Names)}");
        if (Layout is not null && !Models.Sharing.Layout.TryParse(Layout, out _, out var layoutError))
            throw Invalid(nameof(Layout), $"'{Layout}' is not a layout ({layoutError?.TrimEnd('.')}); leave it null for fully shared");
        if (Tasks is not null)
        {
            if (Tasks.Count == 0) throw Invalid(nameof(Tasks), "lists no task; leave it null to train every task of the dataset");
            foreach (var task in Tasks)
                try { DatasetSpecTasks.Canonical(task); }
                catch (ArgumentException e) { throw Invalid(nameof(Tasks), e.Message.TrimEnd('.')); }
        }
        if (Epochs < 1) throw Invalid(nameof(Epochs), $"is {Epochs}; train for at least 1 epoch (default {TrainingDefaults.Epochs})");
        if (BatchSize < 1) throw Invalid(nameof(BatchSize), $"is {BatchSize}; use a positive batch size (default {TrainingDefaults.BatchSize})");
        if (ValidationBatchSize < 1) throw Invalid(nameof(ValidationBatchSize), $"is {ValidationBatchSize}; use a positive batch size");
        if (!TrainingOptimizers.IsKnown(Optimizer))
            throw Invalid(nameof(Optimizer), $"'{Optimizer}' is not an optimizer; use {string.Join(" or ", TrainingOptimizers.Names)}");
        if (!double.IsFinite(LearningRate) || LearningRate <= 0)
            throw Invalid(nameof(LearningRate), $"is {LearningRate}; use a positive number such as {TrainingDefaults.LearningRate}");
        if (!double.IsFinite(Momentum) || Momentum < 0 || Momentum >= 1)
            throw Invalid(nameof(Momentum), $"is {Momentum}; use a value in [0, 1) such as 0.9");
        if (!double.IsFinite(WeightDecay) || WeightDecay < 0)
            throw Invalid(nameof(WeightDecay), $"is {WeightDecay}; use 0 or a small positive number such as 1e-4");
        if (!Training.LearningRateSchedule.IsKnown(LearningRateSchedule))
            throw Invalid(nameof(LearningRateSchedule), $"'{LearningRateSchedule}' is not a schedule; use one of {string.Join(", ", Training.LearningRateSchedule.Names)}");
        if (!double.IsFinite(PolyPower) || PolyPower <= 0)
            throw Invalid(nameof(PolyPower), $"is {PolyPower}; use a positive exponent such as 0.9");
        if (TaskWeights is not null)
        {
            foreach (var (task, weight) in TaskWeights)
                if (!double.IsFinite(weight) || weight < 0)
                    throw Invalid(nameof(TaskWeights), $"gives task '{task}' the weight {weight}; weights must be finite and >= 0");
        }
        if (string.IsNullOrWhiteSpace(TrainSplit)) throw Invalid(nameof(TrainSplit), "is empty; use the dataset's training split, e.g. 'train'");
        if (string.IsNullOrWhiteSpace(ValidationSplit)) throw Invalid(nameof(ValidationSplit), "is empty; use a held-out split, e.g. 'test'");
        if (SampleCacheMegabytes < 0)
            throw Invalid(nameof(SampleCacheMegabytes), $"is {SampleCacheMegabytes}; use 0 to read samples afresh every epoch, or the megabytes to cache them in");
        if (!BestCheckpointCriterion.IsKnown(BestCriterion))
            throw Invalid(nameof(BestCriterion), $"'{BestCriterion}' is not a criterion; use {string.Join(" or ", BestCheckpointCriterion.Names)}");
        try { _ = TorchSharp.torch.device(Device); }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
        {
            throw Invalid(nameof(Device), $"'{Device}' is not a torch device; use 'cpu' or 'cuda'");
        }
        if (!AdversarialProtocols.IsKnown(AdvProtocol))
            throw Invalid(nameof(AdvProtocol), $"'{AdvProtocol}' is not a protocol; use {string.Join(" or ", AdversarialProtocols.Names)}");
        if (!IsAdversarial && AdversarialProtocols.IsReference(AdvProtocol))
            throw Invalid(nameof(AdvProtocol), $"is '{AdversarialProtocols.Reference}' but Adversarial is null; name the training attack "
                + $"(the reference's is '{AdversarialProtocols.ReferenceAlgorithm}'), or leave AdvProtocol '{AdversarialProtocols.Mixed}' for clean training");
        if (IsAdversarial) ValidateAdversarial();
        if (ResumeFrom is not null && string.IsNullOrWhiteSpace(ResumeFrom))
            throw Invalid(nameof(ResumeFrom), "is blank; give a checkpoint folder (e.g. OUT/last) or leave it null to start afresh");
    }

    private void ValidateAdversarial()
    {
        try { AttackCatalog.Algorithm(Adversarial!); }
        catch (ArgumentException e) { throw Invalid(nameof(Adversarial), $"{e.Message.TrimEnd('.')}, or null for clean training"); }
        IReadOnlyList<AttackObjective> objectives;
        try { objectives = AttackCatalog.Objectives(AdvObjective ?? "", TaskNames.All); }
        catch (ArgumentException e) { throw Invalid(nameof(AdvObjective), $"{e.Message.TrimEnd('.')}; 'total' and 'dgba' are the usual choices"); }
        if (objectives.Count != 1)
            throw Invalid(nameof(AdvObjective), $"'{AdvObjective}' stands for one objective per task; name one, e.g. 'total', 'dgba' or 'single(normal)'");
        if (!double.IsFinite(AdvEpsilon) || AdvEpsilon <= 0 || AdvEpsilon > 255)
            throw Invalid(nameof(AdvEpsilon), $"is {AdvEpsilon}; use a budget in (0, 255] pixel units, e.g. 4");
        if (AdvSteps < 1 || AdvSteps > 1000)
            throw Invalid(nameof(AdvSteps), $"is {AdvSteps}; use 1..1000 attack steps, e.g. 3");
        if (AdvStepSize is double step && (!double.IsFinite(step) || step <= 0))
            throw Invalid(nameof(AdvStepSize), $"is {step}; use a positive step in pixel units, or null for AdvEpsilon / AdvSteps");
        if (!double.IsFinite(AdvRatio) || AdvRatio <= 0 || AdvRatio > 1)
            throw Invalid(nameof(AdvRatio), $"is {AdvRatio}; use the fraction of each batch to attack, in (0, 1], e.g. 0.5");
    }

    private static ArgumentException Invalid(string option, string problem) => new($"Training option {option} {problem}.", option);
}

