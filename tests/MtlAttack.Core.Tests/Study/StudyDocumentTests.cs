using MtlAttack.Core.Study;

namespace MtlAttack.Core.Tests.Study;

public class StudyDocumentTests
{
    [Fact]
    public void StudyJsonRoundTripsWithItsAnswers()
    {
        var models = HandMadeStudy.Models();
        var document = new StudyDocument(HandMadeStudy.Settings,
            new Dictionary<string, HeadlineMetric> { ["a"] = new("mIoU", 0.07, true), ["b"] = new("abs_err", 1.6, false) },
            models.Select(m => m.Model).ToList(), StudyAnswers.Compute(models, HandMadeStudy.Settings));

        string json = document.ToJson();
        var read = StudyDocument.FromJson(json);

        Assert.Equal(json, read.ToJson());
        Assert.Empty(StudyDocument.Differences(document.Settings, read.Settings));
        Assert.Equal(models.Count, read.Models.Count);
        Assert.Equal(models[1].Model.Summary.MultiTaskDrop, read.Models[1].Summary.MultiTaskDrop);
        Assert.Equal(document.Answers!.Objectives.WinsByDrop, read.Answers!.Objectives.WinsByDrop);
        Assert.Equal(document.Answers.Questions().SelectMany(q => q.Lines), read.Answers.Questions().SelectMany(q => q.Lines));
    }

    [Fact]
    public void DifferencesNameEveryChangedSetting()
    {
        var before = StudySettings.Quick;
        var now = before with { Epochs = 3, Epsilons = [4] };
        Assert.Equal(["epochs: was 10, now 3", "epsilons: was [2,8], now [4]"], StudyDocument.Differences(before, now));
    }
}
