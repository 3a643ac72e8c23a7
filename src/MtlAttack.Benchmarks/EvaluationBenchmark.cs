using MtlAttack.Core.Attacks;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Datasets.Synthetic;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Models;

namespace MtlAttack.Benchmarks;

/// <summary>
/// The small evaluation the service path is timed on against a direct library call: the benchmark's untrained
/// network saved as a checkpoint, the benchmark's synthetic scenes, one PGD x DGBA cell at the benchmark's epsilon
/// and steps, over <see cref="TestBatches"/> batches. Core cannot start a silo, so the caller runs the service side;
/// this class runs the library side (<see cref="RunLibrary"/>) and judges the ratio (<see cref="Ratio"/>).
/// </summary>
/// <param name="Checkpoint">The checkpoint folder (full path) of the untrained network.</param>
/// <param name="Dataset">The dataset SPEC, in its canonical text form.</param>
public sealed record EvaluationBenchmark(string Checkpoint, string Dataset, EvaluationSettings Settings)
{
    public const string RatioId = "service-path";

    /// <summary>Batches of the test split evaluated, clean and attacked.</summary>
    public const int TestBatches = 2;

    public static readonly RatioAim Aim = RatioAim.AtMost(1.10);

    /// <summary>Saves the benchmark's network into <paramref name="checkpointDirectory"/> and describes the evaluation of it.</summary>
    public static EvaluationBenchmark Prepare(BenchmarkOptions options, string checkpointDirectory)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var sceneOptions = BenchmarkModel.Scenes(options, options.Size, TestBatches);
        var scenes = new SyntheticScenes(sceneOptions);
        using (var network = BenchmarkModel.CreateNetwork(options, scenes, options.Size))
            network.Save(checkpointDirectory);
        string dataset = DatasetSpec.Parse(
            $"synthetic:count={sceneOptions.Count},size={sceneOptions.Size},seed={sceneOptions.Seed},tasks={string.Join('+', sceneOptions.Tasks)}").ToString();
        var settings = new EvaluationSettings
        {
            Algorithms = [AttackCatalog.Algorithm("pgd").Name],
            Objectives = ["dgba"],
            Epsilons = [options.Epsilon],
            Steps = options.AttackSteps,
            BatchSize = options.BatchSize,
            MaxSamples = TestBatches * options.BatchSize,
            Seed = options.Seed,
        };
        settings.Validate();
        return new EvaluationBenchmark(Path.GetFullPath(checkpointDirectory), dataset, settings);
    }

    /// <summary>
    /// The whole evaluation straight through Core, as the CLI's attack command runs it, on <paramref name="model"/>
    /// loaded as the service's model host holds it (<see cref="NativeModel.Load"/>); returns report.json's text.
    /// </summary>
    /// <param name="name">The name the report gives the model (the service names it by its key).</param>
    public string RunLibrary(AttackableModel model, string name)
    {
        var spec = DatasetSpec.Parse(Dataset);
        var dataset = DatasetFactory.Open(spec);
        var tasks = model.TasksFor(dataset);
        var evaluator = new RobustnessEvaluator(model.Target(tasks), dataset, Settings, model.Device);
        var result = EvaluationRunner.Run(evaluator);
        return ReportWriter.ToJson(RobustnessReport.Build(name, spec.ToString(), tasks, result));
    }

    /// <summary>The line for the report: the service path's time over the library's, with whether their reports agreed.</summary>
    public static BenchmarkRatio Ratio(Measurement service, Measurement library, bool reportsIdentical) =>
        new(RatioId, "Evaluation through an embedded silo / the same evaluation through Core", service, library, Aim,
            reportsIdentical
                ? "The two reports are identical, number for number."
                : "THE REPORTS DIFFER: the service path did not compute what Core computes.");
}
