using System.Text.Json.Serialization;
using MtlAttack.Core.Models.Backbones;

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
    public void Validate() => TrainingOptionsValidation.Validate(this);
}
