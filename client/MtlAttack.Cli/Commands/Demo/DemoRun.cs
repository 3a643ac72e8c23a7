using Microsoft.Extensions.DependencyInjection;
using MtlAttack.Abstractions;
using MtlAttack.Cli.Commands.Shared.Hosting;
using MtlAttack.Cli.Commands.Shared.Tables;
using MtlAttack.Cli.Commands.Train;
using MtlAttack.Cli.Telemetry;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Training;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Demo;

/// <summary>
/// The main job: an embedded silo, the default model (trained once and cached under the output folder), registered
/// with a tenant, evaluated through the grains with a progress bar, then the headline table and the report folder.
/// </summary>
public static class DemoRun
{
    public const string Tenant = "demo";

    // Often enough for a smooth bar, seldom enough not to busy the silo with status calls.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(DemoSettings settings, string outputDirectory, CliEnvironment environment, CancellationToken cancellation)
    {
        outputDirectory = Path.GetFullPath(outputDirectory);
        Directory.CreateDirectory(outputDirectory);
        string modelDirectory = Path.Combine(outputDirectory, "models", settings.ModelName);
        string checkpoint = Path.Combine(modelDirectory, TrainingCheckpoint.BestDirectoryName);
        string reportDirectory = Path.Combine(outputDirectory, "report");

        if (File.Exists(Path.Combine(checkpoint, "model.json")))
            environment.Out.WriteLine($"Using the cached model in {modelDirectory}.");
        else
        {
            environment.Out.WriteLine($"Training the default model on {settings.Dataset} ({settings.Epochs} epochs); it is cached for the next run.");
            var options = new TrainingOptions { Dataset = settings.Dataset, OutputDirectory = modelDirectory, Epochs = settings.Epochs };
            int trained = TrainingSession.Run(new TrainingPlan(options, DatasetFactory.Open(settings.Dataset), null), environment, cancellation);
            if (trained != ExitCodes.Success) return trained;
        }

        environment.Out.WriteLine("Starting an embedded silo (state in " + Path.Combine(outputDirectory, "state", "state.db") + ").");
        using var silo = EmbeddedSilo.Start(Path.Combine(outputDirectory, "state", "state.db"), settings.Telemetry, settings.TorchThreads);
        var grains = silo.Services.GetRequiredService<IGrainFactory>();
        string id = await RegisterAndStartAsync(grains, settings, checkpoint, reportDirectory, environment);
        var evaluation = grains.GetGrain<IEvaluationGrain>(id);
        var status = await WaitAsync(evaluation, environment, cancellation);
        await silo.StopAsync(CancellationToken.None);
        if (status.State != EvaluationState.Completed)
        {
            environment.Error.WriteLine($"error: the evaluation ended {status.State}: {status.Error}");
            return ExitCodes.Failure;
        }

        var report = ReportWriter.FromJson(File.ReadAllText(Path.Combine(reportDirectory, "report.json")));
        environment.Console.Write(HeadlineTable.Build(report));
        environment.Out.WriteLine(HeadlineTable.Verdict(report));
        environment.Out.WriteLine($"Report: {Path.Combine(reportDirectory, "report.md")} (also report.json, report.csv)");
        environment.Out.WriteLine($"Charts: {Path.Combine(reportDirectory, ReportWriter.HtmlFileName)} (open it in a browser; it fetches nothing)");
        if (settings.SaveAdversarial > 0)
            environment.Out.WriteLine($"Adversarial examples: up to {settings.SaveAdversarial} per cell in {Path.Combine(reportDirectory, AdversarialExport.DirectoryName)} (a PNG strip and safetensors per cell).");
        return ExitCodes.Success;
    }

    // The caller's span covers registering and starting; polling for progress stays out of the trace.
    private static async Task<string> RegisterAndStartAsync(IGrainFactory grains, DemoSettings settings, string checkpoint, string reportDirectory, CliEnvironment environment)
    {
        using var span = CliTelemetry.Source.StartActivity(CliTelemetry.Spans.DemoStart);
        span?.SetTag("mtlattack.tenant", Tenant);
        var tenant = grains.GetGrain<ITenantGrain>(Tenant);
        var model = await tenant.RegisterModel("default-small", checkpoint);
        environment.Out.WriteLine($"Registered {model.Registration.Key} ({model.Backbone}, {string.Join(", ", model.Tasks)}) on {model.Silo}, device {model.Device}.");

        string id = await tenant.StartEvaluation(new EvaluationRequest
        {
            Model = model.Registration.Key,
            Dataset = settings.Dataset,
            Algorithms = settings.Algorithms,
            Objectives = settings.Objectives,
            Epsilons = settings.Epsilons,
            Steps = settings.Steps,
            MaxSamples = settings.MaxSamples,
            ReportDirectory = reportDirectory,
            SaveAdversarial = settings.SaveAdversarial,
        });
        span?.SetTag("mtlattack.evaluation", id);
        return id;
    }

    private static Task<EvaluationStatus> WaitAsync(IEvaluationGrain evaluation, CliEnvironment environment, CancellationToken cancellation) =>
        environment.Progress().StartAsync(async context =>
        {
            var bar = context.AddTask("Evaluating through the grains", maxValue: 1);
            var progress = new SynchronousProgress<EvaluationStatus>(value =>
            {
                bar.MaxValue = Math.Max(1, value.BatchesTotal);
                bar.Value = value.BatchesDone;
            });
            var status = await evaluation.WaitUntilFinishedAsync(PollInterval, progress, cancellation);
            bar.Value = bar.MaxValue;
            return status;
        });
}
