using System.CommandLine;
using MtlAttack.Cli.Options;
using MtlAttack.Api.Contracts;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Cli.Commands.Evaluations;

/// <summary>
/// The options of <c>evaluations start</c>; its attack-suite options are <c>attack</c>'s (<see cref="AttackSuiteOptions"/>).
/// Only what the user typed is sent: the server applies its own defaults (the help shows the CLI's, which are the
/// same settings).
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

    /// <summary>The attack-suite options <c>attack</c> takes too.</summary>
    public AttackSuiteOptions Suite { get; } = new();

    public Option<int> Steps { get; } = CliOptions.PositiveInt("--steps", "K", $"{AttackSuiteOptions.StepsHelp}.", Defaults.Steps);

    public Option<int> MaxSamples { get; } = CliOptions.PositiveInt("--max-samples", "M", "Attack only the first M samples of the split.");

    public Option<int> BatchSize { get; } = CliOptions.PositiveInt("--batch-size", "N", "Images attacked together.", Defaults.BatchSize);

    public Option<bool> RandomStart { get; } = new("--random-start") { Description = "Start iterative attacks at a random point of the epsilon-ball." };

    public Option<int> SaveAdversarial { get; } =
        CliOptions.ServiceSaveAdversarial("fetch them with 'evaluations adversarial ID --out DIR' once it completes");

    public IEnumerable<Option> All =>
    [
        Model, Dataset, Suite.Algorithms, Suite.Objectives, Suite.Epsilons, Steps, Suite.Seed, MaxSamples, Suite.Split, BatchSize, Suite.Restarts, RandomStart,
        SaveAdversarial, Suite.Protocol,
    ];

    public StartEvaluationRequest ToRequest(ParseResult parseResult) => new()
    {
        ModelId = parseResult.GetRequiredValue(Model),
        Dataset = parseResult.GetRequiredValue(Dataset).ToString(),
        Algorithms = IfGiven(parseResult, Suite.Algorithms),
        Objectives = IfGiven(parseResult, Suite.Objectives),
        Epsilons = IfGiven(parseResult, Suite.Epsilons),
        Steps = IfGivenValue(parseResult, Steps),
        Seed = IfGivenValue(parseResult, Suite.Seed),
        MaxSamples = IfGivenValue(parseResult, MaxSamples),
        Split = IfGiven(parseResult, Suite.Split),
        BatchSize = IfGivenValue(parseResult, BatchSize),
        RandomStart = IfGivenValue(parseResult, RandomStart),
        Restarts = IfGivenValue(parseResult, Suite.Restarts),
        SaveAdversarial = IfGivenValue(parseResult, SaveAdversarial),
        Protocol = parseResult.WasGiven(Suite.Protocol) ? EvaluationProtocols.NameOf(parseResult.GetValue(Suite.Protocol)) : null,
    };

    private static T? IfGiven<T>(ParseResult parseResult, Option<T> option) where T : class =>
        parseResult.WasGiven(option) ? parseResult.GetValue(option) : null;

    private static T? IfGivenValue<T>(ParseResult parseResult, Option<T> option) where T : struct =>
        parseResult.WasGiven(option) ? parseResult.GetValue(option) : null;
}
