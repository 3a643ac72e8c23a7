using System.CommandLine;
using MtlAttack.Cli.Commands.Shared;
using MtlAttack.Cli.Commands.Shared.Remote;
using MtlAttack.Cli.Options;
using MtlAttack.Api.Contracts;
using MtlAttack.Client;

namespace MtlAttack.Cli.Commands.Evaluations;

/// <summary><c>mtlattack evaluations start|status|wait|report|adversarial|cancel|delete|list</c>: robustness evaluations run by the API.</summary>
public static class EvaluationCommands
{
    public static Command Create(RemoteConnection connection, CliEnvironment environment)
    {
        var evaluations = new Command("evaluations", "Remote mode: start robustness evaluations on the MtlAttack API, follow them, fetch their reports and adversarial examples, and delete them.");
        evaluations.Subcommands.Add(Start(connection, environment));
        evaluations.Subcommands.Add(PrintingStatus("status", "Print where an evaluation stands: state and batches done.",
            (client, id, cancellation) => client.GetEvaluationAsync(id, cancellation), connection, environment));
        evaluations.Subcommands.Add(Wait(connection, environment));
        evaluations.Subcommands.Add(Report(connection, environment));
        evaluations.Subcommands.Add(AdversarialCommand.Create(connection, environment));
        evaluations.Subcommands.Add(PrintingStatus("cancel", "Cancel a running evaluation; prints its state afterwards.",
            (client, id, cancellation) => client.CancelEvaluationAsync(id, cancellation), connection, environment));
        evaluations.Subcommands.Add(RemoteAction.OneCall("delete", "Delete an ended evaluation with its report and saved files; cancel a running one first.",
            EvaluationId(), (client, id, cancellation) => client.DeleteEvaluationAsync(id, cancellation),
            id => $"Deleted evaluation '{id}' with its report and saved files.", connection, environment));
        evaluations.Subcommands.Add(ListCommand.Create("List the evaluations this API key can see.", (client, cancellation) => client.ListEvaluationsAsync(cancellation),
            EvaluationDisplay.Table, "No evaluations yet; start one with 'mtlattack evaluations start --model ID --dataset SPEC'.", connection, environment));
        return evaluations;
    }

    private static Command Start(RemoteConnection connection, CliEnvironment environment)
    {
        var options = new EvaluationStartOptions();
        var wait = new Option<bool>("--wait") { Description = "Follow the evaluation until it ends, as 'evaluations wait' does." };
        var pollInterval = PollInterval();
        var command = new Command("start", "Start evaluating a registered model with every algorithm x objective x epsilon.");
        foreach (var option in options.All) command.Options.Add(option);
        options.Suite.CheckBudgets(command);
        command.Options.Add(wait);
        command.Options.Add(pollInterval);
        command.SetRemoteAction(connection, environment, async (parseResult, session, cancellation) =>
        {
            var request = options.ToRequest(parseResult);
            var info = await session.Client.StartEvaluationAsync(request, cancellation);
            environment.Out.WriteLine($"Started evaluation {info.Id} of model '{info.ModelId}' ({Batches(info.BatchesTotal)}).");
            int exitCode = ExitCodes.Success;
            if (parseResult.GetValue(wait))
                exitCode = await EvaluationWaiter.WaitAsync(session, info.Id, PollIntervalOf(parseResult, pollInterval), environment, cancellation);
            else
                environment.Out.WriteLine($"Follow it with 'mtlattack evaluations wait {info.Id}'.");
            if (exitCode == ExitCodes.Success && request.SaveAdversarial > 0)
                environment.Out.WriteLine($"Adversarial examples: mtlattack evaluations adversarial {info.Id} --out DIR{(parseResult.GetValue(wait) ? "" : " (once it completes)")}");
            return exitCode;
        });
        return command;
    }

    private static Command Wait(RemoteConnection connection, CliEnvironment environment)
    {
        var id = EvaluationId();
        var pollInterval = PollInterval();
        var command = new Command("wait", "Follow an evaluation with a progress bar until it ends; exits 1 if it failed or was cancelled.") { id, pollInterval };
        command.SetRemoteAction(connection, environment, (parseResult, session, cancellation) =>
            EvaluationWaiter.WaitAsync(session, parseResult.GetRequiredValue(id), PollIntervalOf(parseResult, pollInterval), environment, cancellation));
        return command;
    }

    private static Command Report(RemoteConnection connection, CliEnvironment environment)
    {
        var id = EvaluationId();
        var format = new Option<string>("--format")
        {
            Description = $"Report format: {string.Join(", ", ReportFormats.All)} (md is Markdown; html is a self-contained page with charts).",
            HelpName = "FORMAT",
            DefaultValueFactory = _ => ReportFormats.Json,
        };
        format.AcceptOnlyFromAmong([.. ReportFormats.All]);
        var output = new Option<string?>("--out") { Description = "Write the report to this file instead of printing it.", HelpName = "FILE" };
        var command = new Command("report", "Fetch the report of a completed evaluation.") { id, format, output };
        command.SetRemoteAction(connection, environment, async (parseResult, session, cancellation) =>
        {
            string report = await session.Client.GetReportAsync(parseResult.GetRequiredValue(id), parseResult.GetRequiredValue(format), cancellation);
            await ReportOutput.WriteAsync(report, parseResult.GetValue(output), environment, cancellation);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>A subcommand that makes one call on an evaluation and prints its state as the server answers it.</summary>
    private static Command PrintingStatus(string name, string description, Func<MtlAttackClient, string, CancellationToken, Task<EvaluationInfo>> call,
        RemoteConnection connection, CliEnvironment environment)
    {
        var id = EvaluationId();
        var command = new Command(name, description) { id };
        command.SetRemoteAction(connection, environment, async (parseResult, session, cancellation) =>
        {
            environment.Out.WriteLine(EvaluationDisplay.Status(await call(session.Client, parseResult.GetRequiredValue(id), cancellation)));
            return ExitCodes.Success;
        });
        return command;
    }

    public static Argument<string> EvaluationId() => new("id") { Description = "Evaluation id, as 'evaluations start' printed it." };

    private static Option<double> PollInterval() => CliOptions.BoundedDouble("--poll-interval", "SECONDS",
        "Seconds between status reads while waiting.", MtlAttackClient.DefaultPollInterval.TotalSeconds, 0, 3600);

    private static TimeSpan PollIntervalOf(ParseResult parseResult, Option<double> option) => TimeSpan.FromSeconds(parseResult.GetValue(option));

    private static string Batches(int count) => $"{count} batch{(count == 1 ? "" : "es")}";
}
