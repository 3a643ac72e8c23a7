using MtlAttack.Core.Attacks;
using MtlAttack.Core.Attacks.Objectives;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Training;

/// <summary>Checks <see cref="TrainingOptions"/> before any work, with messages that name the option and a valid value.</summary>
internal static class TrainingOptionsValidation
{
    public static void Validate(TrainingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        if (string.IsNullOrWhiteSpace(o.OutputDirectory))
            throw Invalid(nameof(o.OutputDirectory), "is empty; give the folder where best/ and last/ should be written");
        if (!BackboneCatalog.Names.Contains(o.Backbone?.Trim() ?? "", StringComparer.OrdinalIgnoreCase))
            throw Invalid(nameof(o.Backbone), $"'{o.Backbone}' is not a backbone; use one of {string.Join(", ", BackboneCatalog.Names)}");
        if (o.Layout is not null && !Layout.TryParse(o.Layout, out _, out var layoutError))
            throw Invalid(nameof(o.Layout), $"'{o.Layout}' is not a layout ({layoutError?.TrimEnd('.')}); leave it null for fully shared");
        if (o.Tasks is not null)
        {
            if (o.Tasks.Count == 0) throw Invalid(nameof(o.Tasks), "lists no task; leave it null to train every task of the dataset");
            foreach (var task in o.Tasks)
                try { DatasetSpecTasks.Canonical(task); }
                catch (ArgumentException e) { throw Invalid(nameof(o.Tasks), e.Message.TrimEnd('.')); }
        }
        if (o.Epochs < 1) throw Invalid(nameof(o.Epochs), $"is {o.Epochs}; train for at least 1 epoch (default {TrainingDefaults.Epochs})");
        if (o.BatchSize < 1) throw Invalid(nameof(o.BatchSize), $"is {o.BatchSize}; use a positive batch size (default {TrainingDefaults.BatchSize})");
        if (o.ValidationBatchSize < 1) throw Invalid(nameof(o.ValidationBatchSize), $"is {o.ValidationBatchSize}; use a positive batch size");
        if (!TrainingOptimizers.IsKnown(o.Optimizer))
            throw Invalid(nameof(o.Optimizer), $"'{o.Optimizer}' is not an optimizer; use {string.Join(" or ", TrainingOptimizers.Names)}");
        if (!double.IsFinite(o.LearningRate) || o.LearningRate <= 0)
            throw Invalid(nameof(o.LearningRate), $"is {o.LearningRate}; use a positive number such as {TrainingDefaults.LearningRate}");
        if (!double.IsFinite(o.Momentum) || o.Momentum < 0 || o.Momentum >= 1)
            throw Invalid(nameof(o.Momentum), $"is {o.Momentum}; use a value in [0, 1) such as 0.9");
        if (!double.IsFinite(o.WeightDecay) || o.WeightDecay < 0)
            throw Invalid(nameof(o.WeightDecay), $"is {o.WeightDecay}; use 0 or a small positive number such as 1e-4");
        if (!LearningRateSchedule.IsKnown(o.LearningRateSchedule))
            throw Invalid(nameof(o.LearningRateSchedule), $"'{o.LearningRateSchedule}' is not a schedule; use one of {string.Join(", ", LearningRateSchedule.Names)}");
        if (!double.IsFinite(o.PolyPower) || o.PolyPower <= 0)
            throw Invalid(nameof(o.PolyPower), $"is {o.PolyPower}; use a positive exponent such as 0.9");
        if (o.TaskWeights is not null)
        {
            foreach (var (task, weight) in o.TaskWeights)
                if (!double.IsFinite(weight) || weight < 0)
                    throw Invalid(nameof(o.TaskWeights), $"gives task '{task}' the weight {weight}; weights must be finite and >= 0");
        }
        if (string.IsNullOrWhiteSpace(o.TrainSplit)) throw Invalid(nameof(o.TrainSplit), "is empty; use the dataset's training split, e.g. 'train'");
        if (string.IsNullOrWhiteSpace(o.ValidationSplit)) throw Invalid(nameof(o.ValidationSplit), "is empty; use a held-out split, e.g. 'test'");
        if (o.SampleCacheMegabytes < 0)
            throw Invalid(nameof(o.SampleCacheMegabytes), $"is {o.SampleCacheMegabytes}; use 0 to read samples afresh every epoch, or the megabytes to cache them in");
        if (!BestCheckpointCriterion.IsKnown(o.BestCriterion))
            throw Invalid(nameof(o.BestCriterion), $"'{o.BestCriterion}' is not a criterion; use {string.Join(" or ", BestCheckpointCriterion.Names)}");
        try { _ = TorchSharp.torch.device(o.Device); }
        catch (Exception e) when (e is ArgumentException or FormatException or NotSupportedException)
        {
            throw Invalid(nameof(o.Device), $"'{o.Device}' is not a torch device; use 'cpu' or 'cuda'");
        }
        if (!AdversarialProtocols.IsKnown(o.AdvProtocol))
            throw Invalid(nameof(o.AdvProtocol), $"'{o.AdvProtocol}' is not a protocol; use {string.Join(" or ", AdversarialProtocols.Names)}");
        if (!o.IsAdversarial && AdversarialProtocols.IsReference(o.AdvProtocol))
            throw Invalid(nameof(o.AdvProtocol), $"is '{AdversarialProtocols.Reference}' but Adversarial is null; name the training attack "
                + $"(the reference's is '{AdversarialProtocols.ReferenceAlgorithm}'), or leave AdvProtocol '{AdversarialProtocols.Mixed}' for clean training");
        if (o.IsAdversarial) ValidateAdversarial(o);
        if (o.ResumeFrom is not null && string.IsNullOrWhiteSpace(o.ResumeFrom))
            throw Invalid(nameof(o.ResumeFrom), "is blank; give a checkpoint folder (e.g. OUT/last) or leave it null to start afresh");
    }

    private static void ValidateAdversarial(TrainingOptions o)
    {
        try { AttackCatalog.Algorithm(o.Adversarial!); }
        catch (ArgumentException e) { throw Invalid(nameof(o.Adversarial), $"{e.Message.TrimEnd('.')}, or null for clean training"); }
        IReadOnlyList<AttackObjective> objectives;
        try { objectives = AttackCatalog.Objectives(o.AdvObjective ?? "", TaskNames.All); }
        catch (ArgumentException e) { throw Invalid(nameof(o.AdvObjective), $"{e.Message.TrimEnd('.')}; 'total' and 'dgba' are the usual choices"); }
        if (objectives.Count != 1)
            throw Invalid(nameof(o.AdvObjective), $"'{o.AdvObjective}' stands for one objective per task; name one, e.g. 'total', 'dgba' or 'single(normal)'");
        if (!double.IsFinite(o.AdvEpsilon) || o.AdvEpsilon <= 0 || o.AdvEpsilon > 255)
            throw Invalid(nameof(o.AdvEpsilon), $"is {o.AdvEpsilon}; use a budget in (0, 255] pixel units, e.g. 4");
        if (o.AdvSteps < 1 || o.AdvSteps > 1000)
            throw Invalid(nameof(o.AdvSteps), $"is {o.AdvSteps}; use 1..1000 attack steps, e.g. 3");
        if (o.AdvStepSize is double step && (!double.IsFinite(step) || step <= 0))
            throw Invalid(nameof(o.AdvStepSize), $"is {step}; use a positive step in pixel units, or null for AdvEpsilon / AdvSteps");
        if (!double.IsFinite(o.AdvRatio) || o.AdvRatio <= 0 || o.AdvRatio > 1)
            throw Invalid(nameof(o.AdvRatio), $"is {o.AdvRatio}; use the fraction of each batch to attack, in (0, 1], e.g. 0.5");
    }

    private static ArgumentException Invalid(string option, string problem) => new($"Training option {option} {problem}.", option);
}
