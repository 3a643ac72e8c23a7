using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using MtlAttack.Cli.Commands.Shared.ModelAccess;
using MtlAttack.Cli.Commands.Shared;
using MtlAttack.Cli.Commands.Shared.Tables;
using MtlAttack.Cli.Options;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Cli.Commands.Eval;

/// <summary><c>mtlattack eval</c>: a model's clean metrics per task on one split.</summary>
public static class EvalCommand
{
    // The report's settings, but printing '+' in dataset specs as itself rather than \u002B.
    private static readonly JsonSerializerOptions ReadableJson = new(ReportWriter.Json) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(CliEnvironment environment)
    {
        var model = ModelOption.Create();
        var dataset = DatasetSpecOption.Create(required: false,
            $"Dataset to score on (default: the one the model was trained on, from its model.json): {Core.Datasets.DatasetSpec.AcceptedForms}.");
        var split = new Option<string>("--split") { Description = "Split to score.", HelpName = "SPLIT", DefaultValueFactory = _ => "test" };
        var json = new Option<string?>("--json") { Description = "Also write the metrics as JSON to this file.", HelpName = "FILE" };
        var batchSize = CliOptions.PositiveInt("--batch-size", "N", "Images per forward pass.", 50);
        var protocol = ProtocolOption.Create();
        var device = DeviceOption.Create();
        var threads = ThreadsOption.Create();

        var command = new Command("eval", "Print a model's clean metrics per task (optionally as JSON).") { model, dataset, split, json, batchSize, protocol, device, threads };
        command.SetAction(async (parseResult, cancellation) =>
        {
            using var torchThreads = parseResult.UseTorchThreads(threads);
            using var session = ModelSession.Open(parseResult.GetRequiredValue(model), parseResult.GetValue(dataset), parseResult.GetRequiredValue(device));
            string splitName = SplitChoice.Check(session.Dataset, parseResult.GetRequiredValue(split));
            string? jsonPath = parseResult.GetValue(json);

            environment.Out.WriteLine($"Model:   {session.Model.Describe()}");
            environment.Out.WriteLine($"Dataset: {session.DatasetSpec}, split '{splitName}' ({session.Dataset.Count(splitName)} samples), device {session.Device}");
            var tasks = CleanEvaluation.TasksUnder(session.Tasks, parseResult.GetValue(protocol));
            var result = CleanEvaluation.Run(session, splitName, tasks, parseResult.GetValue(batchSize), cancellation);
            var column = new ScoreColumn(splitName, result.Tasks.ToDictionary(kv => kv.Key, kv => kv.Value.Metrics), result.Tasks.ToDictionary(kv => kv.Key, kv => kv.Value.Loss));
            environment.Console.Write(MetricsTable.Build(tasks, [column]));

            if (jsonPath is not null)
                await ReportOutput.WriteAsync(JsonSerializer.Serialize(result, ReadableJson), jsonPath, environment, cancellation);
            return ExitCodes.Success;
        });
        return command;
    }
}
