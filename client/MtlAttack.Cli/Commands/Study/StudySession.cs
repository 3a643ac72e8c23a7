using System.Diagnostics;
using MtlAttack.Core.Study;
using Spectre.Console;

namespace MtlAttack.Cli.Commands.Study;

/// <summary><c>study</c>: runs Core's study under progress bars, then prints the three answers and where the files are.</summary>
public static class StudySession
{
    public static int Run(StudySettings settings, string directory, string device, CliEnvironment environment, CancellationToken cancellation)
    {
        var runner = UsageException.Guard(() => new StudyRunner(settings, directory, device));
        environment.Out.WriteLine($"Study in {runner.Directory}: {settings.Dataset}, {settings.Layouts} layouts x (clean + adversarial {string.Join(", ", settings.AdversarialObjectives)}), device {device}.");

        var clock = Stopwatch.StartNew();
        StudyProgressDisplay? display = null;
        StudyDocument study;
        try
        {
            study = environment.Progress().HideCompleted(true).Start(context =>
            {
                display = new StudyProgressDisplay(environment, context);
                var finished = runner.Run(display, cancellation);
                display.Finish();
                return finished;
            });
        }
        // Before any model is planned, an argument error is the study refusing its settings (another study's folder,
        // a layout count the tasks do not allow); afterwards it would be a fault, and stays exit code 1.
        catch (ArgumentException e) when (display?.Started != true)
        {
            throw UsageException.From(e);
        }

        StudyAnswersPrinter.Print(study, environment.Out);
        environment.Out.WriteLine($"Study finished in {clock.Elapsed.TotalMinutes:0.0} min ({runner.ModelsTrained} of {study.Models.Count} models trained in this run).");
        environment.Out.WriteLine($"Study: {Path.Combine(runner.Directory, StudyDocument.FileName)}");
        environment.Out.WriteLine($"Charts: {Path.Combine(runner.Directory, StudyDocument.HtmlFileName)} (open it in a browser; it links each model's report.html and fetches nothing)");
        return ExitCodes.Success;
    }
}
