using System.Globalization;
using MtlAttack.Cli.Commands.Shared.ModelAccess;
using MtlAttack.Cli.Commands.Shared.Tables;
using MtlAttack.Core.Attacks;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;
using MtlAttack.Core.Training;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Attack;

/// <summary>
/// <c>attack</c>: evaluates every algorithm x objective x epsilon cell batch by batch with progress saved to
/// REPORT_DIR/progress.jsonl (a stopped run resumes; finished batches are not recomputed), optionally exports
/// adversarial examples, writes the report and prints its headline.
/// </summary>
public static class AttackRun
{
    /// <param name="saveAdversarial">Adversarial examples to export per cell; 0 for none.</param>
    public static int Execute(ModelSession session, EvaluationSettings settings, string outputDirectory, int saveAdversarial, CliEnvironment environment,
        CancellationToken cancellation)
    {
        settings = settings with { Split = SplitChoice.Check(session.Dataset, settings.Split) };
        var evaluation = Prepare(session, settings, outputDirectory);
        string reportDirectory = evaluation.Directory;

        PrintPlan(session, evaluation, environment.Out);
        var (result, exported) = RunWithProgress(saveAdversarial, session, evaluation, environment, cancellation);

        var report = evaluation.WriteReport(result);
        environment.Console.Write(HeadlineTable.Build(report));
        environment.Out.WriteLine(HeadlineTable.Verdict(report));
        TrustWarnings.Print(report, environment.Out);
        environment.Out.WriteLine($"Report: {Path.Combine(reportDirectory, "report.json")} (also report.csv, report.md)");
        environment.Out.WriteLine($"Charts: {Path.Combine(reportDirectory, ReportWriter.HtmlFileName)} (open it in a browser; it fetches nothing)");
        if (exported > 0)
            environment.Out.WriteLine($"Adversarial examples: {exported} per cell in {Path.Combine(reportDirectory, AdversarialExport.DirectoryName)} " +
                                      "(<cell>.safetensors with tensors clean and adversarial; <cell>.png: clean, adversarial, perturbation as 0.5 + delta/(2 eps), eps the largest offset for L2 cells, predictions)");
        return ExitCodes.Success;
    }

    private static ReportDirectoryEvaluation Prepare(ModelSession session, EvaluationSettings settings, string reportDirectory)
    {
        try
        {
            return ReportDirectoryEvaluation.Prepare(session.Model, session.Tasks, session.Dataset, session.DatasetSpec, settings, session.Device,
                reportDirectory, EvaluationLimits.Local);
        }
        // The evaluator only checks and plans here: an argument error is an unknown name or a bad budget.
        catch (ArgumentException e)
        {
            throw UsageException.From(e);
        }
        // The folder's progress.jsonl belongs to another evaluation.
        catch (InvalidOperationException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    private static void PrintPlan(ModelSession session, ReportDirectoryEvaluation evaluation, TextWriter output)
    {
        var evaluator = evaluation.Evaluator;
        var s = evaluator.Settings;
        int total = evaluation.BatchesTotal;
        int done = evaluation.BatchesDone;
        output.WriteLine($"Model:   {session.Model.Describe()}");
        output.WriteLine($"Dataset: {session.DatasetSpec}, split '{s.Split}', {evaluator.BatchCount} batch{(evaluator.BatchCount == 1 ? "" : "es")} of {s.BatchSize}{(s.MaxSamples is int m ? $" (--max-samples {m})" : "")}, device {session.Device}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Attacks: {evaluator.Cells.Count} cells and {evaluator.NoiseCells.Count} noise baselines ({string.Join(", ", s.Algorithms)} x {string.Join(", ", s.Objectives)} x eps {string.Join(", ", s.Epsilons)}), {s.Steps} steps{(s.RandomStart ? ", random start" : "")}{(s.Restarts > 1 ? $", {s.Restarts} restarts" : "")}, seed {s.Seed}"));
        if (done > 0)
            output.WriteLine($"Resuming {evaluation.Checkpoint.Path}: {done} of {total} batches already done{(done == total ? "; nothing left to compute" : "")}.");
    }

    private static (EvaluationResult Result, int Exported) RunWithProgress(int saveAdversarial, ModelSession session, ReportDirectoryEvaluation evaluation,
        CliEnvironment environment, CancellationToken cancellation)
    {
        var evaluator = evaluation.Evaluator;
        return environment.Progress().Start(context =>
        {
            double remaining = EvaluationCost.Remaining(evaluator, evaluation.Saved);
            var attackBar = context.AddTask("Attacking", autoStart: true, maxValue: Math.Max(remaining, 1));
            var exportBar = saveAdversarial > 0
                ? context.AddTask("Adversarial examples", autoStart: false, maxValue: evaluator.Cells.Count)
                : null;
            var result = evaluation.Run(new EvaluationProgressDisplay(attackBar, evaluator), cancellation);
            attackBar.Description = "Attacked";
            attackBar.Value = attackBar.MaxValue;
            attackBar.StopTask();
            if (exportBar is null) return (result, 0);

            exportBar.StartTask();
            var metadata = AdversarialExport.Provenance(session.Model.Directory, evaluation.ModelHash, session.DatasetSpec.ToString(), evaluator.Settings);
            var exportProgress = new SynchronousProgress<AdversarialExportProgress>(value =>
            {
                exportBar.Value = value.CellsDone;
                exportBar.Description = Markup.Escape($"Adversarial examples: {value.Current}");
            });
            int exported = AdversarialExport.Export(evaluator, session.Dataset, evaluation.Directory, saveAdversarial, metadata, exportProgress, cancellation);
            exportBar.Description = "Adversarial examples saved";
            exportBar.StopTask();
            return (result, exported);
        });
    }
}
