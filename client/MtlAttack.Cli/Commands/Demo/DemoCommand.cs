using System.CommandLine;
using MtlAttack.Cli.Options;

namespace MtlAttack.Cli.Commands.Demo;

/// <summary><c>mtlattack demo</c>: the main job, end to end through an embedded silo.</summary>
public static class DemoCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--out") { Description = "Folder for the cached model, the silo's state and the report.", HelpName = "DIR", DefaultValueFactory = _ => "mtlattack-demo" };
        var quick = new Option<bool>("--quick") { Description = "A smaller study (32x32 scenes, 6 epochs, 32 test images) that ends in about two minutes." };
        var epochs = CliOptions.PositiveInt("--epochs", "E", "Override the training epochs.");
        var maxSamples = CliOptions.PositiveInt("--max-samples", "M", "Override the number of test images attacked.");
        var dataset = new Option<string?>("--dataset") { Description = "Override the synthetic dataset SPEC.", HelpName = "SPEC" };
        var eps = new Option<IReadOnlyList<double>?>("--eps")
        {
            Description = "Override the epsilons (0..255 pixel units), comma-separated.",
            HelpName = "E1,E2,...",
            CustomParser = r => r.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries))
                .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToList(),
        };

        var saveAdversarial = CliOptions.ServiceSaveAdversarial("in DIR/report/adversarial/");
        var threads = ThreadsOption.Create();
        var trace = new Option<string?>("--trace")
        {
            Description = "Export the silo's traces and metrics: 'console' prints every span as it ends, an http(s) URL sends OTLP there.",
            HelpName = "console|URL",
        };
        trace.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<string?>() is { } value && TraceTarget(value) is null)
                result.AddError($"--trace takes 'console' or an http(s) OTLP endpoint such as http://localhost:4317, got '{value}'.");
        });

        var command = new Command("demo", "The main job: train (or reuse) the default model, evaluate it through an embedded silo, print the summary and write the report.")
            { output, quick, epochs, maxSamples, dataset, eps, saveAdversarial, threads, trace };
        command.SetAction(async (parseResult, cancellation) =>
        {
            var settings = parseResult.GetValue(quick) ? DemoSettings.Quick : DemoSettings.Full;
            if (parseResult.WasGiven(epochs)) settings = settings with { Epochs = parseResult.GetValue(epochs) };
            if (parseResult.WasGiven(maxSamples)) settings = settings with { MaxSamples = parseResult.GetValue(maxSamples) };
            if (parseResult.GetValue(dataset) is { } spec) settings = settings with { Dataset = Core.Datasets.DatasetSpec.Parse(spec).ToString() };
            if (parseResult.GetValue(eps) is { Count: > 0 } list) settings = settings with { Epsilons = list };
            if (parseResult.WasGiven(saveAdversarial)) settings = settings with { SaveAdversarial = parseResult.GetValue(saveAdversarial) };
            if (parseResult.GetValue(trace) is { } target) settings = settings with { Telemetry = TraceTarget(target)! };
            settings = settings with { TorchThreads = parseResult.GetValue(threads) };
            using var torchThreads = parseResult.UseTorchThreads(threads);
            return await DemoRun.RunAsync(settings, parseResult.GetRequiredValue(output), environment, cancellation);
        });
        return command;
    }

    /// <summary>The exporters <c>--trace</c> names, or null for a value it does not take.</summary>
    private static Silo.TelemetryOptions? TraceTarget(string value) =>
        value.Trim().Equals("console", StringComparison.OrdinalIgnoreCase) ? new Silo.TelemetryOptions { Console = true }
        : Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? new Silo.TelemetryOptions { OtlpEndpoint = uri.ToString() }
        : null;
}
