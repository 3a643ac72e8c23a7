using MtlAttack.Cli.Commands.Shared.Remote;
using MtlAttack.Cli.Commands.Shared.Tables;
using MtlAttack.Api.Contracts;
using MtlAttack.Core.Evaluation;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Evaluations;

/// <summary>
/// Follows an evaluation to its end with a progress bar (plain lines off a terminal) and prints how it ended.
/// A failed evaluation surfaces as the SDK's exception; a cancelled one has no report, so waiting for it fails.
/// </summary>
public static class EvaluationWaiter
{
    public static async Task<int> WaitAsync(RemoteSession session, string evaluationId, TimeSpan pollInterval, CliEnvironment environment,
        CancellationToken cancellation)
    {
        var final = await environment.Progress(remainingTime: false).StartAsync(async context =>
        {
            var bar = context.AddTask(Markup.Escape($"Evaluation {evaluationId}"), autoStart: true, maxValue: 1);
            var progress = new SynchronousProgress<EvaluationInfo>(value =>
            {
                bar.MaxValue = Math.Max(value.BatchesTotal, 1);
                bar.Value = value.BatchesDone;
                // Named per state, not per poll: off a terminal every new description becomes a log line.
                string description = Markup.Escape($"Evaluation {value.Id}: {value.State}");
                if (bar.Description != description) bar.Description = description;
            });
            var info = await session.Client.WaitForCompletionAsync(evaluationId, progress, pollInterval, cancellation);
            bar.StopTask();
            return info;
        });

        environment.Out.WriteLine(EvaluationDisplay.Status(final));
        if (final.State == EvaluationStates.Cancelled)
        {
            environment.Error.WriteLine($"error: evaluation '{evaluationId}' was cancelled; it has no report.");
            return ExitCodes.Failure;
        }
        if (final.State == EvaluationStates.Completed)
            TrustWarnings.Print(ReportWriter.FromJson(await session.Client.GetReportAsync(evaluationId, ReportFormats.Json, cancellation)), environment.Out);
        environment.Out.WriteLine($"Report: mtlattack evaluations report {evaluationId} --format md (or json, csv)");
        return ExitCodes.Success;
    }
}
