using MtlAttack.Core.Attacks;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MtlAttack.Cli.Commands.ModelAccess;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Training;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Robustness;

/// <summary>
/// <c>attack</c>: evaluates every algorithm x objective x epsilon cell batch by batch with progress saved to
/// REPORT_DIR/progress.jsonl (a stopped run resumes; finished batches are not recomputed), optionally exports
/// adversarial examples, writes the report and prints its headline.
/// </summary>
public static class AttackRun
{
    public const string ProgressFileName = "progress.jsonl";

    public static int Execute(AttackRequest request, CliEnvironment environment, CancellationToken cancellation)
    {
        using var session = ModelSession.Open(request.Model, request.Dataset, request.Device);
        var settings = request.Settings with { Split = SplitChoice.Check(session.Dataset, request.Settings.Split) };
        var evaluator = CreateEvaluator(session, settings);
        string reportDirectory = Path.GetFullPath(request.ReportDirectory);
        string modelHash = session.Model.ContentHash();
        string fingerprint = EvaluationCheckpoint.Fingerprint(modelHash, session.DatasetSpec.ToString(), settings);
        var checkpoint = new EvaluationCheckpoint(Path.Combine(reportDirectory, ProgressFileName), fingerprint);
        var saved = LoadSaved(checkpoint);

        PrintPlan(session, evaluator, saved, reportDirectory, environment.Out);
        var (result, exported) = RunWithProgress(request, session, evaluator, checkpoint, saved, reportDirectory, modelHash, fingerprint, environment, cancellation);

        var report = RobustnessReport.Build(session.Model.Directory, session.DatasetSpec.ToString(), session.Model.Tasks, result);
        ReportWriter.Write(reportDirectory, report);
        environment.Console.Write(HeadlineTable.Build(report));
        environment.Out.WriteLine(HeadlineTable.Verdict(report));
        environment.Out.WriteLine($"Report: {Path.Combine(reportDirectory, "report.json")} (also report.csv, report.md)");
        environment.Out.WriteLine($"Charts: {Path.Combine(reportDirectory, ReportWriter.HtmlFileName)} (open it in a browser; it fetches nothing)");
        if (exported > 0)
            environment.Out.WriteLine($"Adversarial examples: {exported} per cell in {Path.Combine(reportDirectory, AdversarialExport.DirectoryName)} " +
                                      "(<cell>.safetensors with tensors clean and adversarial; <cell>.png: clean, adversarial, perturbation as 0.5 + delta/(2 eps), eps the largest offset for L2 cells, predictions)");
        return ExitCodes.Success;
    }

    /// <summary>
    /// The service's limits on lists and cells, which catch a runaway list before a plan is built; not on batches: a
    /// long local run on a large dataset costs only its owner's time, and resumes batch by batch.
    /// </summary>
    public static EvaluationLimits LocalLimits => new() { MaxBatches = int.MaxValue };

    private static RobustnessEvaluator CreateEvaluator(ModelSession session, EvaluationSettings settings)
    {
        try
        {
            var target = session.Model.Model.Target(session.Model.Tasks);
            return new RobustnessEvaluator(target, session.Dataset, settings, session.Device, LocalLimits);
        }
        // The evaluator only checks and plans here: an argument error is an unknown name or a bad budget.
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message.Split(" (Parameter")[0], e);
        }
    }

    private static EvaluationResult LoadSaved(EvaluationCheckpoint checkpoint)
    {
        try
        {
            return checkpoint.LoadOrCreate();
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    private static void PrintPlan(ModelSession session, RobustnessEvaluator evaluator, EvaluationResult saved, string reportDirectory, TextWriter output)
    {
        var s = evaluator.Settings;
        int total = evaluator.BatchCount * (evaluator.Cells.Count + 1);
        int done = saved.Clean.Batches.Count + saved.Cells.Values.Sum(c => c.Statistics.Batches.Count);
        output.WriteLine($"Model:   {session.ModelLine()}");
        output.WriteLine($"Dataset: {session.DatasetSpec}, split '{s.Split}', {evaluator.BatchCount} batch{(evaluator.BatchCount == 1 ? "" : "es")} of {s.BatchSize}{(s.MaxSamples is int m ? $" (--max-samples {m})" : "")}, device {session.Device}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Attacks: {evaluator.Cells.Count} cells ({string.Join(", ", s.Algorithms)} x {string.Join(", ", s.Objectives)} x eps {string.Join(", ", s.Epsilons)}), {s.Steps} steps{(s.RandomStart ? ", random start" : "")}, seed {s.Seed}"));
        if (done > 0)
            output.WriteLine($"Resuming {Path.Combine(reportDirectory, ProgressFileName)}: {done} of {total} batches already done{(done == total ? "; nothing left to compute" : "")}.");
    }

    private static (EvaluationResult Result, int Exported) RunWithProgress(AttackRequest request, ModelSession session, RobustnessEvaluator evaluator,
        EvaluationCheckpoint checkpoint, EvaluationResult saved, string reportDirectory, string modelHash, string fingerprint,
        CliEnvironment environment, CancellationToken cancellation)
    {
        return environment.Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                double remaining = EvaluationProgressDisplay.RemainingCost(evaluator, saved);
                var attackBar = context.AddTask("Attacking", autoStart: true, maxValue: Math.Max(remaining, 1));
                var exportBar = request.SaveAdversarial > 0
                    ? context.AddTask("Adversarial examples", autoStart: false, maxValue: evaluator.Cells.Count)
                    : null;
                var result = EvaluationRunner.Run(evaluator, checkpoint, new EvaluationProgressDisplay(attackBar, evaluator), cancellation);
                attackBar.Description = "Attacked";
                attackBar.Value = attackBar.MaxValue;
                attackBar.StopTask();
                if (exportBar is null) return (result, 0);

                exportBar.StartTask();
                var metadata = new Dictionary<string, string>
                {
                    ["model"] = session.Model.Directory,
                    ["model_sha256"] = modelHash,
                    ["dataset"] = session.DatasetSpec.ToString(),
                    ["evaluation"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)))[..16],
                };
                int exported = AdversarialExport.Export(evaluator, session.Dataset, reportDirectory, request.SaveAdversarial, metadata,
                    new ExportProgress(exportBar), cancellation);
                exportBar.Description = "Adversarial examples saved";
                exportBar.StopTask();
                return (result, exported);
            });
    }

    // Reports synchronously: Progress<T> would post to the thread pool and the bar could lag the finish line.
    private sealed class ExportProgress(ProgressTask bar) : IProgress<AdversarialExportProgress>
    {
        public void Report(AdversarialExportProgress value)
        {
            bar.Value = value.CellsDone;
            bar.Description = Markup.Escape($"Adversarial examples: {value.Current}");
        }
    }
}
