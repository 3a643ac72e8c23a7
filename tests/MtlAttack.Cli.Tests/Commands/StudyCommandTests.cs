using System.Text.RegularExpressions;
using MtlAttack.Core.Study;

namespace MtlAttack.Cli.Tests.Commands;

public class StudyCommandTests
{
    // --quick made smaller still: tiny scenes, two layouts, one epoch, one epsilon, one batch of four images.
    private static readonly string[] Tiny =
        ["--quick", "--dataset", "synthetic:count=20,size=16,seed=2", "--layouts", "2", "--epochs", "1", "--max-samples", "4", "--eps", "4", "--threads", "1"];

    [Fact]
    public async Task QuickStudyRunsEndToEndAnswersTheThreeQuestionsAndResumes()
    {
        using var folder = new TempFolder();
        var run = await CliRun.Invoke(["study", "--out", folder.Path, .. Tiny]);
        Assert.True(run.ExitCode == 0, run.ToString());

        var study = StudyDocument.FromJson(File.ReadAllText(folder.File(StudyDocument.FileName)));
        // 2 layouts x (clean, adversarial-total, adversarial-dgba), attacked with fgsm, pgd, apgd x (3 single, total, signsum, dgba) at eps 4.
        Assert.Equal(6, study.Models.Count);
        Assert.Equal(["clean", "adversarial-total", "adversarial-dgba"], study.Models.Take(3).Select(m => m.Training));
        Assert.Equal([1.0, 0.0], study.Models.Select(m => m.Layout.Sharing).Distinct());
        var answers = Assert.IsType<StudyAnswers>(study.Answers);
        Assert.Equal(6 * 3, answers.Objectives.Cells);

        foreach (var (question, lines) in answers.Questions())
        {
            Assert.Contains(question, run.Output);
            foreach (var line in lines) Assert.Contains(line, run.Output);
        }
        Assert.Contains("DGBA", run.Output);
        Assert.Contains($"Charts: {folder.File(StudyDocument.HtmlFileName)}", run.Output);

        string page = File.ReadAllText(folder.File(StudyDocument.HtmlFileName));
        Assert.Equal(3, Regex.Count(page, "<figure class=\"chart\""));
        foreach (var model in study.Models)
        {
            Assert.Contains($"<a href=\"{model.Report}/report.html\">", page);
            Assert.True(File.Exists(Path.Combine(folder.Path, model.Report, "report.html")), model.Report);
        }

        // The same command again reuses every model and report.
        var again = await CliRun.Invoke(["study", "--out", folder.Path, .. Tiny]);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("6 finished earlier and reused", again.Output);
        Assert.Contains("(0 of 6 models trained in this run)", again.Output);

        // A changed setting is refused with one line saying what differs and what to do.
        var changed = await CliRun.Invoke(["study", "--out", folder.Path, .. Tiny.Select((a, i) => i > 0 && Tiny[i - 1] == "--eps" ? "2" : a)]);
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("epsilons: was [4], now [2]", changed.Error);
        Assert.Contains("another --out", changed.Error);
    }

    [Fact]
    public async Task TheStudyAttacksWithTheNewAlgorithmsAndRestartsWhenAskedAndResumesOnlyWithTheSame()
    {
        using var folder = new TempFolder();
        string[] suite = ["--algorithms", "pgd,ensemble(fgsm,pgd)", "--restarts", "2"];
        var run = await CliRun.Invoke(["study", "--out", folder.Path, .. Tiny, .. suite]);
        Assert.True(run.ExitCode == 0, run.ToString());

        var study = StudyDocument.FromJson(File.ReadAllText(folder.File(StudyDocument.FileName)));
        Assert.Equal(["pgd", "ensemble(fgsm,pgd)"], study.Settings.Algorithms);
        Assert.Equal(2, study.Settings.Restarts);
        string report = File.ReadAllText(Path.Combine(folder.Path, study.Models[0].Report, "report.json"));
        Assert.Contains("\"algorithm\": \"ensemble(fgsm,pgd)\"", report);
        Assert.Contains("\"noise\"", report);

        var changed = await CliRun.Invoke(["study", "--out", folder.Path, .. Tiny, "--algorithms", "pgd,ensemble(fgsm,pgd)"]);
        Assert.Equal(2, changed.ExitCode);
        Assert.Contains("restarts: was 2, now 1", changed.Error);
    }
}
