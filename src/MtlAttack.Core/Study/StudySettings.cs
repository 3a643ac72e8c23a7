using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Catalog;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Core.Study;

/// <summary>
/// Everything that decides a study's numbers: the data, the layouts, how every model is trained (clean and
/// adversarially, per objective) and the attack suite. Two runs with equal settings compute the same models and
/// reports, which is what lets a rerun reuse them; the device and thread count are not settings (they change speed).
/// <see cref="Default"/> fits 30 minutes and <see cref="Quick"/> 5 minutes on two CPU cores (measured: see README).
/// </summary>
public sealed record StudySettings
{
    /// <summary>Synthetic scenes at 32 px: the smallest images the small backbone's five blocks still learn all three tasks on.</summary>
    public string Dataset { get; init; } = "synthetic:count=600,size=32,seed=1";

    public string Backbone { get; init; } = Models.Backbones.BackboneCatalog.CpuDefault;

    /// <summary>Layouts trained, chosen by sharing degree from fully shared to independent (<see cref="StudyLayouts"/>).</summary>
    public int Layouts { get; init; } = 6;

    public int Epochs { get; init; } = 8;

    public int Seed { get; init; } = 1;

    /// <summary>Objectives of the adversarially trained models, one model per objective and layout, beside the clean one.</summary>
    public IReadOnlyList<string> AdversarialObjectives { get; init; } = ["total", "dgba"];

    /// <summary>Attack used to make the adversarial training images: two PGD steps keep its cost near twice a clean epoch.</summary>
    public string AdversarialAlgorithm { get; init; } = "pgd";

    public double AdversarialEpsilon { get; init; } = 4;

    public int AdversarialSteps { get; init; } = 2;

    public IReadOnlyList<string> Algorithms { get; init; } = DefaultSuites.Study.Algorithms;

    /// <summary>The attack objectives; <c>single</c> is one cell per task (the transfer matrices come from those).</summary>
    public IReadOnlyList<string> Objectives { get; init; } = DefaultSuites.Study.Objectives;

    public IReadOnlyList<double> Epsilons { get; init; } = DefaultSuites.Study.Epsilons;

    public int Steps { get; init; } = DefaultSuites.Study.Steps;

    /// <summary>Runs of every attack, the worst per sample kept (<see cref="EvaluationSettings.Restarts"/>); 1 is the plain attack.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>How every model is attacked and scored (<see cref="EvaluationProtocol"/>); left out of study.json when it is ours.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public EvaluationProtocol Protocol { get; init; }

    /// <summary>Test images attacked per model (whole batches).</summary>
    public int MaxSamples { get; init; } = 32;

    public int BatchSize { get; init; } = 16;

    public string Split { get; init; } = "test";

    public static StudySettings Default { get; } = new();

    /// <summary>Half the scenes (10 epochs: with 6, the shared model's depth stayed worse than the constant prediction), three layouts (shared, the middle, independent), two epsilons, one batch of 16 test images.</summary>
    public static StudySettings Quick { get; } = new()
    {
        Dataset = "synthetic:count=300,size=32,seed=1",
        Layouts = 3,
        Epochs = 10,
        Algorithms = DefaultSuites.StudyQuick.Algorithms,
        Objectives = DefaultSuites.StudyQuick.Objectives,
        Epsilons = DefaultSuites.StudyQuick.Epsilons,
        Steps = DefaultSuites.StudyQuick.Steps,
        MaxSamples = 16,
    };

    /// <summary>Objectives a study can ask for: the answers compare exactly these, which its default suite runs.</summary>
    public static IReadOnlyList<string> KnownObjectives => DefaultSuites.Study.Objectives;

    /// <summary>The multi-task objectives the study compares (every objective but <c>single</c>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<string> MultiTaskObjectives => Objectives.Where(o => o != "single").ToList();

    /// <summary>What every model's evaluation runs: the attack suite on the first <see cref="MaxSamples"/> images of <see cref="Split"/>.</summary>
    public EvaluationSettings Evaluation() => new()
    {
        Algorithms = Algorithms,
        Objectives = Objectives,
        Epsilons = Epsilons,
        Steps = Steps,
        Restarts = Restarts,
        Split = Split,
        BatchSize = BatchSize,
        MaxSamples = MaxSamples,
        Seed = Seed,
        Protocol = Protocol,
    };

    /// <summary>Throws an <see cref="ArgumentException"/> that names the setting and what to use instead.</summary>
    public void Validate()
    {
        DatasetSpec.Parse(Dataset);
        Models.Backbones.BackboneCatalog.Get(Backbone);
        if (Layouts < 2) throw new ArgumentException($"A study needs at least 2 layouts (fully shared and independent); got {Layouts}.");
        if (Epochs < 1) throw new ArgumentException($"Epochs must be at least 1; got {Epochs}.");
        if (Steps < 1) throw new ArgumentException($"Steps must be at least 1; got {Steps}.");
        if (MaxSamples < 1) throw new ArgumentException($"MaxSamples must be at least 1; got {MaxSamples}.");
        if (BatchSize < 1) throw new ArgumentException($"BatchSize must be at least 1; got {BatchSize}.");
        if (Epsilons.Count == 0 || Epsilons.Any(e => !(e > 0)))
            throw new ArgumentException($"Give at least one epsilon above 0 (0..255 pixel units); got {string.Join(", ", Epsilons)}.");
        if (!Objectives.Contains("single"))
            throw new ArgumentException("The study's objectives must include 'single': the transfer answer comes from the single-task attacks.");
        if (MultiTaskObjectives.Count == 0)
            throw new ArgumentException("The study's objectives must include a multi-task objective (total, signsum, dgba).");
        // The budgets' range and the algorithms' names, as an evaluation checks them, before any model is trained.
        Evaluation().Validate();
        AttackCatalog.Algorithm(AdversarialAlgorithm);
        foreach (var objective in Objectives.Where(o => !KnownObjectives.Contains(o)))
            throw new ArgumentException($"The study compares the objectives {string.Join(", ", KnownObjectives)}; '{objective}' is not one of them.");
    }
}
