using System.CommandLine;
using MtlAttack.Cli.Options;
using MtlAttack.Core.Study;

namespace MtlAttack.Cli.Commands.Study;

/// <summary><c>mtlattack study</c>: the three questions answered end to end (layouts x trainings, attacked, summarised).</summary>
public static class StudyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--out") { Description = "Folder for the models, their reports, study.json and study.html; rerunning there resumes.", HelpName = "DIR", DefaultValueFactory = _ => "mtlattack-study" };
        var quick = new Option<bool>("--quick") { Description = "A smaller study (3 layouts, 300 scenes, 10 epochs, eps 2 and 8, 16 test images) that ends in about three minutes on two cores." };
        var dataset = DatasetSpecOption.Create(required: false, $"Override the dataset: {Core.Datasets.DatasetSpec.AcceptedForms}.");
        var layouts = CliOptions.PositiveInt("--layouts", "N", "Override the number of layouts, chosen by sharing degree from fully shared to independent (default 6, --quick 3).");
        var epsilons = new Option<IReadOnlyList<double>?>("--eps")
        {
            Description = "Override the attack budgets (0..255 pixel units), comma-separated.",
            HelpName = "E1,E2,...",
            CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Select(v => double.TryParse(v, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double e) ? e : double.NaN).ToList(),
        };
        var epochs = CliOptions.PositiveInt("--epochs", "E", "Override the training epochs of every model.");
        var maxSamples = CliOptions.PositiveInt("--max-samples", "M", "Override the test images attacked per model.");
        var algorithms = NameListOption.Create("--algorithms", "A1,A2,...",
            $"{AttackSuiteOptions.AlgorithmsHelp} Default: {string.Join(",", StudySettings.Default.Algorithms)}.", StudySettings.Default.Algorithms);
        var restarts = AttackSuiteOptions.RestartsOption(StudySettings.Default.Restarts);
        var protocol = ProtocolOption.Create();
        var device = DeviceOption.Create();
        var threads = ThreadsOption.Create();

        var command = new Command("study", "Train layouts from fully shared to independent, clean and adversarially, attack them all, and answer the three questions (study.json, study.html).")
            { output, quick, dataset, layouts, epsilons, epochs, maxSamples, algorithms, restarts, protocol, device, threads };
        command.SetAction((parseResult, cancellation) =>
        {
            var settings = parseResult.GetValue(quick) ? StudySettings.Quick : StudySettings.Default;
            if (parseResult.GetValue(dataset) is { } spec) settings = settings with { Dataset = spec.ToString() };
            if (parseResult.WasGiven(layouts)) settings = settings with { Layouts = parseResult.GetValue(layouts) };
            if (parseResult.GetValue(epsilons) is { } list) settings = settings with { Epsilons = list };
            if (parseResult.WasGiven(epochs)) settings = settings with { Epochs = parseResult.GetValue(epochs) };
            if (parseResult.WasGiven(maxSamples)) settings = settings with { MaxSamples = parseResult.GetValue(maxSamples) };
            if (parseResult.WasGiven(algorithms)) settings = settings with { Algorithms = parseResult.GetRequiredValue(algorithms) };
            if (parseResult.WasGiven(restarts)) settings = settings with { Restarts = parseResult.GetValue(restarts) };
            if (parseResult.WasGiven(protocol)) settings = settings with { Protocol = parseResult.GetValue(protocol) };
            using var torchThreads = parseResult.UseTorchThreads(threads);
            string deviceName = DeviceOption.Resolve(parseResult.GetRequiredValue(device)).ToString();
            return Task.FromResult(StudySession.Run(settings, parseResult.GetRequiredValue(output), deviceName, environment, cancellation));
        });
        return command;
    }
}
