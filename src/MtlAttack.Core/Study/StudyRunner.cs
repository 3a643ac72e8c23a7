using MtlAttack.Core.Datasets;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Models;
using MtlAttack.Core.Models.Backbones;
using MtlAttack.Core.Reporting;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Training;
using TorchSharp;

namespace MtlAttack.Core.Study;

/// <summary>
/// Runs a study in a directory: chooses the layouts, trains every model exactly as <c>mtlattack train</c> does
/// (<see cref="MultiTaskTrainer"/>), attacks it exactly as <c>mtlattack attack</c> does
/// (<see cref="ReportDirectoryEvaluation"/>), and writes study.json and study.html. Resumable: a model whose training
/// finished (its <c>study-training.json</c>) is not retrained, an interrupted one continues from its <c>last/</c>
/// checkpoint, and the evaluation resumes from its journal; a directory holding a study with other settings is refused.
/// </summary>
public sealed class StudyRunner
{
    public const string ModelsDirectoryName = "models";
    public const string ReportDirectoryName = "report";

    private readonly StudySettings settings;
    private readonly string device;

    /// <param name="directory">The study's folder (created when missing).</param>
    /// <param name="device">A torch device name, e.g. <c>cpu</c> or <c>cuda</c>.</param>
    public StudyRunner(StudySettings settings, string directory, string device)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        this.settings = settings;
        this.device = device;
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>Models this runner trained (not reused) so far: what a resumed study must keep at zero.</summary>
    public int ModelsTrained { get; private set; }

    public StudyDocument Run(IStudyObserver observer, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var previous = StudyDocument.Read(Directory);
        if (previous is not null && StudyDocument.Differences(previous.Settings, settings) is { Count: > 0 } differences)
            throw new ArgumentException(
                $"{Directory} holds a study with other settings ({string.Join("; ", differences)}). Rerun with the same settings to resume it, " +
                "choose another --out, or delete the folder to start afresh.");

        var spec = DatasetSpec.Parse(settings.Dataset);
        var dataset = DatasetFactory.Open(spec);
        var tasks = dataset.Tasks;
        var layouts = StudyLayouts.Choose(settings.Layouts, BackboneCatalog.Get(settings.Backbone), tasks.Select(t => t.OutputChannels).ToList(), dataset.Height, dataset.Width);
        var plans = StudyModelPlan.For(settings, layouts);
        var baseline = TrivialBaselines.Compute(dataset, settings.Split, tasks: tasks);
        var baselineHeadlines = Headlines(tasks, baseline.Scores);

        var done = (previous?.Models ?? []).Where(m => plans.Any(p => p.Name == m.Name) && IsFinished(m.Name)).ToList();
        observer.Planned(plans, done);
        var models = new List<StudyModelReport>();
        for (int i = 0; i < plans.Count; i++)
        {
            cancellation.ThrowIfCancellationRequested();
            models.Add(RunModel(plans[i], i + 1, plans.Count, dataset, spec, tasks, baseline.Scores, observer, cancellation));
            new StudyDocument(settings, baselineHeadlines, models.Select(m => m.Model).ToList(), null).Write(Directory);
        }

        var answers = StudyAnswers.Compute(models, settings);
        var document = new StudyDocument(settings, baselineHeadlines, models.Select(m => m.Model).ToList(), answers);
        document.Write(Directory);
        File.WriteAllText(Path.Combine(Directory, StudyDocument.HtmlFileName), Reporting.Study.StudyHtml.Render(document));
        return document;
    }

    private StudyModelReport RunModel(StudyModelPlan plan, int number, int count, IMultiTaskDataset dataset, DatasetSpec spec,
        IReadOnlyList<VisionTask> tasks, SplitScores baseline, IStudyObserver observer, CancellationToken cancellation)
    {
        string modelDirectory = Path.Combine(Directory, ModelsDirectoryName, plan.Name);
        string reportDirectory = Path.Combine(modelDirectory, ReportDirectoryName);
        var training = StudyTraining.Read(modelDirectory);
        bool trained = training is null;
        if (training is null)
        {
            // A report of weights about to be replaced would be refused by its journal's fingerprint: start it afresh.
            if (System.IO.Directory.Exists(reportDirectory)) System.IO.Directory.Delete(reportDirectory, recursive: true);
            training = Train(plan, number, count, modelDirectory, observer, cancellation);
        }

        var (report, attacked) = Attack(plan, number, count, dataset, spec, modelDirectory, reportDirectory, observer, cancellation);
        var model = new StudiedModel(plan.Name, plan.Layout, plan.Training, plan.AdversarialObjective,
            new CleanScores(training.BestEpoch, Headlines(tasks, training.Scores),
                CleanSkill.Of(tasks, baseline, training.Scores)),
            Path.GetRelativePath(Directory, reportDirectory).Replace('\\', '/'),
            StudyCells.Summarize(report, settings));
        observer.Finished(model, number, count, trained, attacked);
        return new StudyModelReport(model, report);
    }

    private StudyTraining Train(StudyModelPlan plan, int number, int count, string modelDirectory, IStudyObserver observer, CancellationToken cancellation)
    {
        string last = Path.Combine(modelDirectory, TrainingCheckpoint.LastDirectoryName);
        bool resume = File.Exists(Path.Combine(last, TrainingState.FileName));
        var options = plan.TrainingOptions(settings, modelDirectory, device) with { ResumeFrom = resume ? last : null };
        var trainer = new MultiTaskTrainer(options);
        var result = trainer.Run(observer.Training(plan, number, count, resume), cancellation);
        ModelsTrained++;
        var best = result.Best;
        var training = new StudyTraining(result.BestEpoch, new SplitScores(best.ValidationMetrics, best.ValidationLosses, 0), result.Elapsed.TotalSeconds);
        training.Write(modelDirectory);
        return training;
    }

    private (RobustnessReport Report, bool Attacked) Attack(StudyModelPlan plan, int number, int count, IMultiTaskDataset dataset, DatasetSpec spec,
        string modelDirectory, string reportDirectory, IStudyObserver observer, CancellationToken cancellation)
    {
        using var model = ModelFolder.Load(Path.Combine(modelDirectory, TrainingCheckpoint.BestDirectoryName), torch.device(device));
        var evaluation = ReportDirectoryEvaluation.Prepare(model, model.TasksFor(dataset), dataset, spec, settings.Evaluation(), torch.device(device),
            reportDirectory, EvaluationLimits.Local);
        string json = Path.Combine(reportDirectory, ReportDirectoryEvaluation.JsonFileName);
        if (evaluation.BatchesDone == evaluation.BatchesTotal && File.Exists(json))
            return (ReportWriter.FromJson(File.ReadAllText(json)), false);
        var result = evaluation.Run(observer.Attacking(plan, number, count, evaluation), cancellation);
        return (evaluation.WriteReport(result), true);
    }

    private bool IsFinished(string name)
    {
        string modelDirectory = Path.Combine(Directory, ModelsDirectoryName, name);
        return StudyTraining.Read(modelDirectory) is not null
               && File.Exists(Path.Combine(modelDirectory, ReportDirectoryName, ReportDirectoryEvaluation.JsonFileName));
    }

    private static IReadOnlyDictionary<string, HeadlineMetric> Headlines(IReadOnlyList<VisionTask> tasks, SplitScores scores) =>
        tasks.ToDictionary(t => t.Name, t =>
        {
            var headline = t.HeadlineMetric;
            return new HeadlineMetric(headline.Name, scores.Metrics[t.Name][headline.Name], headline.Goal == MetricGoal.HigherIsBetter);
        });
}
