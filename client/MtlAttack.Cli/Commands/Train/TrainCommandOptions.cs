using System.CommandLine;
using System.Globalization;
using MtlAttack.Cli.Options;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Training;

namespace MtlAttack.Cli.Commands.Train;

/// <summary>The options of <c>mtlattack train</c>; defaults are <see cref="TrainingOptions"/>'s, so the CLI and the library train alike.</summary>
public sealed class TrainCommandOptions
{
    private static readonly TrainingOptions Defaults = new();

    public Option<string> Output { get; } = CliOptions.RequiredPath("--out", "MODEL_DIR", "Folder for the run: best/ and last/ checkpoints are written there.");

    public Option<Core.Datasets.DatasetSpec> Dataset { get; } = DatasetSpecOption.Create(required: false,
        $"Dataset to train on (default {TrainingDefaults.Dataset}; when resuming, the checkpoint's): {Core.Datasets.DatasetSpec.AcceptedForms}.");

    public Option<IReadOnlyList<string>?> Tasks { get; } = TaskListOption.CreateOptional(
        "Tasks to train, comma-separated (default: every task of the dataset); layout task i is the i-th in the order segment_semantic, normal, depth_zbuffer, keypoints2d, edge_texture.");

    public Option<string> Backbone { get; } = BackboneOption.Create();

    public Option<string> Layout { get; } = new("--layout")
    {
        Description = "Sharing layout: an index from 'mtlattack layouts', its text form ({0,1,2}|{0,1}{2}|...), 'shared' or 'independent'.",
        HelpName = "INDEX|TEXT",
        DefaultValueFactory = _ => "shared",
    };

    public Option<int> Epochs { get; } = CliOptions.PositiveInt("--epochs", "E", "Epochs to train (when resuming: the total, including those done).", Defaults.Epochs);

    public Option<int> BatchSize { get; } = CliOptions.PositiveInt("--batch-size", "N", "Training batch size.", Defaults.BatchSize);

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Seed of the initial weights, batch order, augmentation and attack starts; the same seed trains the same model.",
        HelpName = "K",
        DefaultValueFactory = _ => Defaults.Seed,
    };

    public Option<string> Optimizer { get; } = Choice("--optimizer", "NAME", "Optimizer.", Defaults.Optimizer, TrainingOptimizers.Names);

    public Option<double> LearningRate { get; } = CliOptions.BoundedDouble("--lr", "RATE", "Base learning rate.", Defaults.LearningRate, 0, 10, minExclusive: true);

    public Option<string> Schedule { get; } = Choice("--lr-schedule", "NAME", "Learning-rate schedule, stepped every batch.", Defaults.LearningRateSchedule, LearningRateSchedule.Names);

    public Option<double> Momentum { get; } = CliOptions.BoundedDouble("--momentum", "M", "SGD momentum (Adam ignores it).", Defaults.Momentum, 0, 0.999999);

    public Option<double> WeightDecay { get; } = CliOptions.BoundedDouble("--weight-decay", "W", "L2 weight decay.", Defaults.WeightDecay, 0, 1);

    public Option<bool> Augment { get; } = new("--augment") { Description = "Random scale, mirror and crop of training images (as the reference NYUv2 pipeline)." };

    public Option<string?> TaskWeights { get; } = new("--task-weights")
    {
        Description = "Loss weights, e.g. segment_semantic=1,normal=2 (tasks not listed weigh 1).",
        HelpName = "TASK=W,...",
    };

    public Option<string> BestCriterion { get; } = Choice("--best-by", "CRITERION",
        "How best/ is chosen: relative (mean relative change of each task's headline metric) or loss (validation loss).",
        Defaults.BestCriterion, Core.Training.BestCheckpointCriterion.Names);

    public Option<string?> Adversarial { get; } = new("--adversarial")
    {
        Description = $"Adversarial training with this attack: {string.Join(", ", Core.Attacks.AttackCatalog.AlgorithmNames)} (default: clean training).",
        HelpName = "ALGORITHM",
    };

    public Option<string> AdvObjective { get; } = new("--adv-objective")
    {
        Description = "Objective of the training attack: total or dgba (or single(TASK)).",
        HelpName = "OBJECTIVE",
        DefaultValueFactory = _ => Defaults.AdvObjective,
    };

    public Option<double> AdvEpsilon { get; } = CliOptions.BoundedDouble("--adv-eps", "E", "Training attack's L-infinity budget in 0..255 pixel units.", Defaults.AdvEpsilon, 0, 255, minExclusive: true);

    public Option<int> AdvSteps { get; } = CliOptions.PositiveInt("--adv-steps", "K", "Training attack's steps.", Defaults.AdvSteps);

    public Option<double> AdvRatio { get; } = CliOptions.BoundedDouble("--adv-ratio", "R", "Fraction of every batch replaced by adversarial images.", Defaults.AdvRatio, 0, 1, minExclusive: true);

    public Option<string?> AdvProtocol { get; } = new("--adv-protocol")
    {
        Description = "How adversarial training uses its attack: mixed (default: --adv-ratio of every batch attacked, one step) or reference "
            + "(MTLAttack-DGBA's: a clean step, then a step on the whole batch attacked; defaults to its fgsm on the total loss, --adv-eps 8, --adv-steps 10).",
        HelpName = "PROTOCOL",
    };

    public Option<bool> AdvRandomStart { get; } = new("--adv-random-start") { Description = "Start the training attack at a random point of the epsilon-ball." };

    public Option<string?> Resume { get; } = new("--resume")
    {
        Description = "Continue a stopped run from its last/ checkpoint (or from DIR). Settings not given default to the checkpoint's.",
        HelpName = "DIR",
        Arity = ArgumentArity.ZeroOrOne,
    };

    public Option<bool> Overwrite { get; } = new("--overwrite") { Description = "Start afresh even though --out already holds a run, replacing its checkpoints." };

    public Option<string> Device { get; } = DeviceOption.Create();

    public Option<int?> Threads { get; } = ThreadsOption.Create();

    public IEnumerable<Option> All =>
    [
        Dataset, Tasks, Backbone, Layout, Epochs, BatchSize, Seed, Output, Optimizer, LearningRate, Schedule, Momentum, WeightDecay,
        Augment, TaskWeights, BestCriterion, Adversarial, AdvObjective, AdvEpsilon, AdvSteps, AdvRatio, AdvProtocol, AdvRandomStart, Resume, Overwrite, Device,
        Threads,
    ];

    private static Option<string> Choice(string name, string helpName, string description, string defaultValue, IReadOnlyList<string> choices)
    {
        var option = new Option<string>(name)
        {
            Description = $"{description} One of {string.Join(", ", choices)}.",
            HelpName = helpName,
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            string? value = result.GetValueOrDefault<string>();
            if (value is null || !choices.Contains(value.Trim().ToLower(CultureInfo.InvariantCulture)))
                result.AddError($"{name} '{value}' is not one of {string.Join(", ", choices)}.");
        });
        return option;
    }
}
