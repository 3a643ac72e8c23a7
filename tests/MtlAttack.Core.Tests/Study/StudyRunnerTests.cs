using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;
using MtlAttack.Core.Study;
using MtlAttack.Core.Training;

namespace MtlAttack.Core.Tests.Study;

/// <summary>A whole (tiny) study, run twice in one folder: the second run trains and attacks nothing.</summary>
public class StudyRunnerTests
{
    private static readonly StudySettings Tiny = new()
    {
        Dataset = "synthetic:count=20,size=16,seed=2",
        Layouts = 2,
        Epochs = 1,
        AdversarialObjectives = ["total"],
        AdversarialSteps = 1,
        Algorithms = ["fgsm"],
        Objectives = ["single", "total", "dgba"],
        Epsilons = [4],
        Steps = 1,
        MaxSamples = 4,
        BatchSize = 4,
    };

    [Fact]
    public void ASecondRunReusesFinishedModelsAndReportsAndAChangedSettingIsRefused()
    {
        string directory = Path.Combine(Path.GetTempPath(), "mtlattack-study-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = new RecordingObserver();
            var runner = new StudyRunner(Tiny, directory, "cpu");
            var study = runner.Run(first);

            Assert.Equal(4, study.Models.Count); // 2 layouts x (clean, adversarial-total)
            Assert.Equal(4, runner.ModelsTrained);
            Assert.Equal(4, first.Trained.Count);
            Assert.Equal(4, first.Attacked.Count);
            Assert.NotNull(study.Answers);
            Assert.True(File.Exists(Path.Combine(directory, StudyDocument.HtmlFileName)));
            var files = study.Models.SelectMany(m => new[]
            {
                Path.Combine(directory, m.Report, ReportDirectoryEvaluation.JsonFileName),
                Path.Combine(directory, m.Report, ReportDirectoryEvaluation.ProgressFileName),
                Path.Combine(directory, StudyRunner.ModelsDirectoryName, m.Name, TrainingCheckpoint.BestDirectoryName, "weights.safetensors"),
            }).ToList();
            var written = files.ToDictionary(f => f, File.GetLastWriteTimeUtc);

            var second = new RecordingObserver();
            var again = new StudyRunner(Tiny, directory, "cpu");
            var resumed = again.Run(second);

            Assert.Equal(0, again.ModelsTrained);
            Assert.Empty(second.Trained);
            Assert.Empty(second.Attacked);
            Assert.Equal(4, second.Reused);
            Assert.All(files, f => Assert.Equal(written[f], File.GetLastWriteTimeUtc(f)));
            Assert.Equal(study.ToJson(), resumed.ToJson());

            var e = Assert.Throws<ArgumentException>(() => new StudyRunner(Tiny with { Epochs = 2 }, directory, "cpu").Run(new RecordingObserver()));
            Assert.Contains("epochs: was 1, now 2", e.Message);
            Assert.Contains("another --out", e.Message);
        }
        finally
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
    }

    private sealed class RecordingObserver : IStudyObserver
    {
        public List<string> Trained { get; } = [];
        public List<string> Attacked { get; } = [];
        public int Reused { get; private set; }

        public void Planned(IReadOnlyList<StudyModelPlan> plans, IReadOnlyList<StudiedModel> reused) => Reused = reused.Count;

        public IProgress<TrainingProgress>? Training(StudyModelPlan plan, int number, int count, bool resumed)
        {
            Trained.Add(plan.Name);
            return null;
        }

        public IProgress<EvaluationProgress>? Attacking(StudyModelPlan plan, int number, int count, ReportDirectoryEvaluation evaluation)
        {
            Attacked.Add(plan.Name);
            return null;
        }

        public void Finished(StudiedModel model, int number, int count, bool trained, bool attacked)
        {
        }
    }
}
