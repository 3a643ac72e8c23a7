using System.CommandLine;
using System.Globalization;
using MtlAttack.Cli.Commands.Shared.ModelAccess;
using MtlAttack.Cli.Options;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Models.Sharing;
using MtlAttack.Core.Training;
using MtlAttack.Core;

namespace MtlAttack.Cli.Commands.Train;

/// <summary>What <c>train</c> will do: the trainer's options and the dataset they name, already opened and checked.</summary>
public sealed record TrainingPlan(TrainingOptions Options, IMultiTaskDataset Dataset, TrainingState? ResumedState);

/// <summary>
/// Turns the command line into <see cref="TrainingOptions"/>. A fresh run starts from the library's defaults; a
/// resumed run starts from the options its checkpoint records, so only what changes (usually --epochs) needs typing.
/// Every problem the user can fix is a <see cref="UsageException"/>.
/// </summary>
public static class TrainingOptionsBuilder
{
    public static TrainingPlan Build(ParseResult p, TrainCommandOptions o)
    {
        string output = Path.GetFullPath(p.GetRequiredValue(o.Output));
        string? resumeFrom = ResumeDirectory(p, o, output);
        var state = resumeFrom is null ? null : TrainingState.Read(resumeFrom);
        if (resumeFrom is null && !p.GetValue(o.Overwrite) && HoldsRun(output))
            throw new UsageException($"--out '{output}' already holds a training run; pass --resume to continue it, --overwrite to start afresh, or choose another folder.");

        var spec = p.WasGiven(o.Dataset) ? p.GetRequiredValue(o.Dataset)
            : state is not null ? RecordedDataset(state, resumeFrom!)
            : DatasetSpec.Parse(TrainingDefaults.Dataset);
        var dataset = DatasetOpener.Open(spec);
        var device = DeviceOption.Resolve(p.GetRequiredValue(o.Device));

        var options = (state?.Options ?? new TrainingOptions()) with
        {
            Dataset = spec.ToString(),
            OutputDirectory = output,
            ResumeFrom = resumeFrom,
            Device = device.ToString(),
        };
        if (p.WasGiven(o.Tasks)) options = options with { Tasks = p.GetValue(o.Tasks) };
        if (p.WasGiven(o.Backbone)) options = options with { Backbone = p.GetRequiredValue(o.Backbone) };
        if (p.WasGiven(o.Layout)) options = options with { Layout = ResolveLayout(p.GetRequiredValue(o.Layout), options, dataset) };
        if (p.WasGiven(o.Epochs)) options = options with { Epochs = p.GetValue(o.Epochs) };
        if (p.WasGiven(o.BatchSize)) options = options with { BatchSize = p.GetValue(o.BatchSize) };
        if (p.WasGiven(o.Seed)) options = options with { Seed = p.GetValue(o.Seed) };
        if (p.WasGiven(o.Optimizer)) options = options with { Optimizer = p.GetRequiredValue(o.Optimizer).Trim().ToLowerInvariant() };
        if (p.WasGiven(o.LearningRate)) options = options with { LearningRate = p.GetValue(o.LearningRate) };
        if (p.WasGiven(o.Schedule)) options = options with { LearningRateSchedule = p.GetRequiredValue(o.Schedule).Trim().ToLowerInvariant() };
        if (p.WasGiven(o.Momentum)) options = options with { Momentum = p.GetValue(o.Momentum) };
        if (p.WasGiven(o.WeightDecay)) options = options with { WeightDecay = p.GetValue(o.WeightDecay) };
        if (p.WasGiven(o.Augment)) options = options with { Augment = p.GetValue(o.Augment) };
        if (p.WasGiven(o.TaskWeights)) options = options with { TaskWeights = ParseTaskWeights(p.GetValue(o.TaskWeights) ?? "") };
        if (p.WasGiven(o.BestCriterion)) options = options with { BestCriterion = p.GetRequiredValue(o.BestCriterion).Trim().ToLowerInvariant() };
        options = WithAdversarial(p, o, options);

        UsageException.Guard(options.Validate);
        return new TrainingPlan(options, dataset, state);
    }

    private static TrainingOptions WithAdversarial(ParseResult p, TrainCommandOptions o, TrainingOptions options)
    {
        if (p.WasGiven(o.Adversarial)) options = options with { Adversarial = p.GetValue(o.Adversarial)?.Trim().ToLowerInvariant() };
        if (p.WasGiven(o.AdvProtocol)) options = WithProtocol(p.GetValue(o.AdvProtocol) ?? "", options);
        var attackSettings = new Option[] { o.AdvObjective, o.AdvEpsilon, o.AdvSteps, o.AdvRatio, o.AdvRandomStart, o.AdvProtocol };
        if (!options.IsAdversarial)
        {
            var stray = attackSettings.FirstOrDefault(p.WasGiven);
            if (stray is not null)
                throw new UsageException($"{stray.Name} configures adversarial training; add --adversarial pgd (or fgsm, apgd), or drop {stray.Name}.");
            return options;
        }
        if (p.WasGiven(o.AdvObjective)) options = options with { AdvObjective = p.GetRequiredValue(o.AdvObjective).Trim() };
        if (p.WasGiven(o.AdvEpsilon)) options = options with { AdvEpsilon = p.GetValue(o.AdvEpsilon) };
        if (p.WasGiven(o.AdvSteps)) options = options with { AdvSteps = p.GetValue(o.AdvSteps) };
        if (p.WasGiven(o.AdvRatio) && options.IsReferenceAdversarial)
            throw new UsageException("--adv-ratio has no effect under --adv-protocol reference, which attacks whole batches; drop one of them.");
        if (p.WasGiven(o.AdvRatio)) options = options with { AdvRatio = p.GetValue(o.AdvRatio) };
        if (p.WasGiven(o.AdvRandomStart)) options = options with { AdvRandomStart = p.GetValue(o.AdvRandomStart) };
        return options;
    }

    /// <summary>
    /// The protocol; <c>reference</c> also brings the reference's attack settings, which the options given after it
    /// (--adversarial, --adv-eps, --adv-steps) override.
    /// </summary>
    private static TrainingOptions WithProtocol(string protocol, TrainingOptions options)
    {
        if (!AdversarialProtocols.IsKnown(protocol))
            throw new UsageException($"--adv-protocol '{protocol}' is not one of {string.Join(", ", AdversarialProtocols.Names)}.");
        if (!AdversarialProtocols.IsReference(protocol)) return options with { AdvProtocol = AdversarialProtocols.Mixed };
        bool wasReference = options.IsReferenceAdversarial;
        options = options with { AdvProtocol = AdversarialProtocols.Reference, Adversarial = options.Adversarial ?? AdversarialProtocols.ReferenceAlgorithm };
        // A resumed reference run keeps its recorded settings; a fresh one starts from the reference's.
        return wasReference ? options : options with { AdvEpsilon = AdversarialProtocols.ReferenceEpsilon, AdvSteps = AdversarialProtocols.ReferenceSteps };
    }

    private static string? ResumeDirectory(ParseResult p, TrainCommandOptions o, string output)
    {
        if (p.GetResult(o.Resume) is null) return null;
        string directory = Path.GetFullPath(p.GetValue(o.Resume) ?? Path.Combine(output, TrainingCheckpoint.LastDirectoryName));
        if (!File.Exists(Path.Combine(directory, TrainingState.FileName)))
            throw new UsageException($"--resume: '{directory}' is not a training checkpoint (it has no {TrainingState.FileName}); give the last/ folder of a run, or drop --resume to start afresh.");
        return directory;
    }

    private static DatasetSpec RecordedDataset(TrainingState state, string checkpoint) =>
        DatasetSpec.TryParse(state.Dataset, out var spec, out _)
            ? spec!
            : throw new UsageException($"The checkpoint '{checkpoint}' was trained on '{state.Dataset}', which is not a dataset spec; pass --dataset.");

    private static bool HoldsRun(string output) =>
        Directory.Exists(Path.Combine(output, TrainingCheckpoint.LastDirectoryName)) || Directory.Exists(Path.Combine(output, TrainingCheckpoint.BestDirectoryName));

    private static string ResolveLayout(string text, TrainingOptions options, IMultiTaskDataset dataset)
    {
        int tasks = options.Tasks?.Count ?? dataset.Tasks.Count;
        int blocks = BackboneCatalog.Get(options.Backbone).BlockCount;
        try
        {
            return Layouts.Resolve(text, tasks, blocks).ToString();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new UsageException($"--layout: {UserMessages.Of(e)} See 'mtlattack layouts --tasks {tasks}'.", e);
        }
    }

    private static IReadOnlyDictionary<string, double> ParseTaskWeights(string text)
    {
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = part.IndexOf('=');
            if (equals <= 0 || !double.TryParse(part[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out double weight))
                throw new UsageException($"--task-weights: '{part}' is not TASK=WEIGHT; write e.g. segment_semantic=1,normal=2.");
            weights[UsageException.Guard(() => DatasetSpecTasks.Canonical(part[..equals]), "--task-weights: ")] = weight;
        }
        if (weights.Count == 0) throw new UsageException("--task-weights lists no weight; write e.g. segment_semantic=1,normal=2.");
        return weights;
    }
}
