using System.CommandLine;
using MtlAttack.Cli.Commands.Shared.ModelAccess;
using MtlAttack.Cli.Options;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Cli.Commands.Attack;

/// <summary><c>mtlattack attack</c>: the robustness report of a model under an attack suite.</summary>
public static class AttackCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var defaults = new EvaluationSettings();
        var model = ModelOption.Create();
        var dataset = DatasetSpecOption.Create(required: false,
            $"Dataset to attack on (default: the one the model was trained on, from its model.json): {Core.Datasets.DatasetSpec.AcceptedForms}.");
        var output = CliOptions.RequiredPath("--out", "REPORT_DIR",
            "Folder for report.json, report.csv, report.md, report.html and progress.jsonl; rerunning the same command there resumes.");
        var suite = new AttackSuiteOptions();
        suite.Algorithms.Validators.Add(result =>
        {
            foreach (var name in result.GetValueOrDefault<IReadOnlyList<string>>() ?? [])
                if (AlgorithmError(name) is { } error)
                    result.AddError($"--algorithms: {error}");
        });
        var steps = CliOptions.PositiveInt("--steps", "K", $"{AttackSuiteOptions.StepsHelp}; pgd's and pgd-l2's step size is eps / K.", defaults.Steps);
        var randomStart = new Option<bool>("--random-start") { Description = "Start iterative attacks at a random point of the epsilon-ball (seeded per cell and batch)." };
        var batchSize = CliOptions.PositiveInt("--batch-size", "N", "Images attacked together; also the unit of saved progress.", defaults.BatchSize);
        var maxSamples = CliOptions.PositiveInt("--max-samples", "M", "Attack only the first M samples of the split (whole batches: rounded up to a multiple of --batch-size).");
        var saveAdversarial = CliOptions.PositiveInt("--save-adversarial", "N",
            "Also save the first N adversarial examples of every cell to REPORT_DIR/adversarial/ (safetensors and a PNG strip).");
        var device = DeviceOption.Create();
        var threads = ThreadsOption.Create();

        var command = new Command("attack", "Attack a model with every algorithm x objective x epsilon and write the robustness report.")
        {
            model, dataset, output, suite.Algorithms, suite.Objectives, suite.Epsilons, steps, suite.Restarts, randomStart, suite.Split, batchSize, maxSamples,
            suite.Seed, saveAdversarial, suite.Protocol, device, threads,
        };
        suite.CheckBudgets(command);
        command.SetAction((parseResult, cancellation) =>
        {
            using var torchThreads = parseResult.UseTorchThreads(threads);
            var settings = new EvaluationSettings
            {
                Algorithms = parseResult.GetRequiredValue(suite.Algorithms).Select(a => AttackCatalog.Algorithm(a).Name).Distinct().ToList(),
                Objectives = parseResult.GetRequiredValue(suite.Objectives),
                // Without --eps, the protocol's sweep: the reference study's own under --protocol reference.
                Epsilons = parseResult.WasGiven(suite.Epsilons) ? parseResult.GetRequiredValue(suite.Epsilons) : EvaluationProtocols.DefaultSuite(parseResult.GetValue(suite.Protocol)).Epsilons,
                Steps = parseResult.GetValue(steps),
                RandomStart = parseResult.GetValue(randomStart),
                Restarts = parseResult.GetValue(suite.Restarts),
                Split = parseResult.GetRequiredValue(suite.Split),
                BatchSize = parseResult.GetValue(batchSize),
                MaxSamples = parseResult.WasGiven(maxSamples) ? parseResult.GetValue(maxSamples) : null,
                Seed = parseResult.GetValue(suite.Seed),
                Protocol = parseResult.GetValue(suite.Protocol),
            };
            using var session = ModelSession.Open(parseResult.GetRequiredValue(model), parseResult.GetValue(dataset), parseResult.GetRequiredValue(device));
            return Task.FromResult(AttackRun.Execute(session, settings, parseResult.GetRequiredValue(output),
                parseResult.WasGiven(saveAdversarial) ? parseResult.GetValue(saveAdversarial) : 0, environment, cancellation));
        });
        return command;
    }

    // Through the catalog, which also knows aliases beyond its listed names (e.g. i-fgsm for pgd) and says what is
    // wrong with an ensemble (a member it does not know, members of different norms).
    private static string? AlgorithmError(string name)
    {
        try
        {
            AttackCatalog.Algorithm(name);
            return null;
        }
        catch (ArgumentException e)
        {
            return name.Trim().StartsWith(Core.Attacks.Algorithms.Ensemble.Prefix + "(", StringComparison.OrdinalIgnoreCase)
                ? e.Message
                : $"unknown algorithm '{name}'; use {string.Join(", ", AttackCatalog.AlgorithmSyntax)}.";
        }
    }
}
