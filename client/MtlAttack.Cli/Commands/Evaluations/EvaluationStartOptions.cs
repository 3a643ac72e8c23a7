using System.CommandLine;
using MtlAttack.Cli.Options;
using MtlAttack.Api.Contracts;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Cli.Commands.Evaluations;

/// <summary>
/// The options of <c>evaluations start</c>, parsed by the same parsers as <c>attack</c>. Only what the user typed is
/// sent: the server applies its own defaults (the help shows the CLI's, which are the same settings).
/// </summary>
public sealed class EvaluationStartOptions
{
    private static readonly EvaluationSettings Defaults = new();

    public Option<string> Model { get; } = new("--model")
    {
        Description = "Id of a registered model (see 'mtlattack models list').",
        HelpName = "ID",
        Required = true,
    };

    public Option<DatasetSpec> Dataset { get; } = DatasetSpecOption.Create(description:
        $"Dataset to attack on, with paths as the server sees them: {DatasetSpec.AcceptedForms}.");

    public Option<IReadOnlyList<string>> Algorithms { get; } = NameListOption.Create("--algorithms", "A1,A2,...",
        AttackSuiteOptions.AlgorithmsHelp, Defaults.Algorithms);

    public Option<IReadOnlyList<string>> Objectives { get; } = NameListOption.Create("--objectives", "O1,O2,...",
        AttackSuiteOptions.ObjectivesHelp, Defaults.Objectives);

    public Option<IReadOnlyList<double>> Epsilons { get; } = EpsilonListOption.Create(Defaults.Epsilons);

    public Option<int> Steps { get; } = CliOptions.PositiveInt("--steps", "K", $"{AttackSuiteOptions.StepsHelp}.", Defaults.Steps);

    public Option<int> Seed { get; } = new("--seed")
    {
        Description = "Seed of the random starts; the same seed repeats the run exactly.",
        HelpName = "K",
        DefaultValueFactory = _ => Defaults.Seed,
    };

    public Option<int> MaxSamples { get; } = CliOptions.PositiveInt("--max-samples", "M", "Attack only the first M samples of the split.");

    public Option<string> Split { get; } = new("--split") { Description = "Split to attack.", HelpName = "SPLIT", DefaultValueFactory = _ => Defaults.Split };

    public Option<int> BatchSize { get; } = CliOptions.PositiveInt("--batch-size", "N", "Images attacked together.", Defaults.BatchSize);

    public Option<int> Restarts { get; } = AttackSuiteOptions.Restarts(Defaults.Restarts);

    public Option<bool> RandomStart { get; } = new("--random-start") { Description = "Start iterative attacks at a random point of the epsilon-ball." };

    public Option<int> SaveAdversarial { get; } =
        CliOptions.ServiceSaveAdversarial("fetch them with 'evaluations adversarial ID --out DIR' once it completes");

    public Option<Core.Evaluation.EvaluationProtocol> Protocol { get; } = ProtocolOption.Create();

    public IEnumerable<Option> All => [Model, Dataset, Algorithms, Objectives, Epsilons, Steps, Seed, MaxSamples, Split, BatchSize, Restarts, RandomStart, SaveAdversarial, Protocol];

    public StartEvaluationRequest ToRequest(ParseResult parseResult) => new()
    {
        ModelId = parseResult.GetRequiredValue(Model),
        Dataset = parseResult.GetRequiredValue(Dataset).ToString(),
        Algorithms = IfGiven(parseResult, Algorithms),
        Objectives = IfGiven(parseResult, Objectives),
        Epsilons = IfGiven(parseResult, Epsilons),
        Steps = IfGivenValue(parseResult, Steps),
        Seed = IfGivenValue(parseResult, Seed),
        MaxSamples = IfGivenValue(parseResult, MaxSamples),
        Split = IfGiven(parseResult, Split),
        BatchSize = IfGivenValue(parseResult, BatchSize),
        RandomStart = IfGivenValue(parseResult, RandomStart),
        Restarts = IfGivenValue(parseResult, Restarts),
        SaveAdversarial = IfGivenValue(parseResult, SaveAdversarial),
        Protocol = parseResult.WasGiven(Protocol) ? Core.Evaluation.EvaluationProtocols.NameOf(parseResult.GetValue(Protocol)) : null,
    };

    private static T? IfGiven<T>(ParseResult parseResult, Option<T> option) where T : class =>
        parseResult.WasGiven(option) ? parseResult.GetValue(option) : null;

    private static T? IfGivenValue<T>(ParseResult parseResult, Option<T> option) where T : struct =>
        parseResult.WasGiven(option) ? parseResult.GetValue(option) : null;
}
