using MtlAttack.Core.Study;

namespace MtlAttack.Core.Tests.Study;

/// <summary>The answers' arithmetic on <see cref="HandMadeStudy"/>; every expected value is worked out by hand in the comments.</summary>
public class StudyAnswersTests
{
    private const int Precision = 9;
    private readonly StudyAnswers answers = StudyAnswers.Compute(HandMadeStudy.Models(), HandMadeStudy.Settings);

    [Fact]
    public void SummariesCountOnlyTheStudysCells()
    {
        var shared = HandMadeStudy.Models()[0].Model.Summary;
        Assert.Equal(0.35, shared.OwnDrop, Precision);                   // (0.30 + 0.40) / 2
        Assert.Equal(0.15, shared.TransferDrop, Precision);              // (0.10 + 0.20) / 2
        Assert.Equal(0.15, shared.MultiTaskDrop, Precision);             // (0.20 + 0.10 + 0.15) / 3
        Assert.Equal(["total", "signsum", "dgba"], shared.Objectives.Keys);
        Assert.Equal(1.5, shared.Objectives["dgba"].MeanRelativeLossChange, Precision);
    }

    [Fact]
    public void TransferIsTheMeanOffDiagonalOfTheCleanModelsAndFollowsSharing()
    {
        var transfer = answers.Transfer;
        Assert.Equal(0.35, transfer.OwnDrop, Precision);                 // every clean model's diagonal averages 0.35
        Assert.Equal(0.10, transfer.TransferDrop, Precision);            // (0.15 + 0.10 + 0.05) / 3, the adversarial model left out
        var a = transfer.Tasks.Single(t => t.Task == "a");
        Assert.Equal(0.30, a.Own, Precision);
        Assert.Equal(0.06, a.Others, Precision);                         // row a's off-diagonal: (0.10 + 0.06 + 0.02) / 3
        Assert.Equal(0.14, transfer.Tasks.Single(t => t.Task == "b").Others, Precision); // (0.20 + 0.14 + 0.08) / 3
        Assert.Equal(1.0, transfer.SharingCorrelation, Precision);       // sharing 1, 0.5, 0 against 0.15, 0.10, 0.05: a line
        Assert.Equal(4, transfer.BySharing.Count);
        Assert.Contains("10.00%", string.Join("\n", transfer.Lines()));
    }

    [Fact]
    public void ObjectivesAreCountedPerCellByMetricDropAndByLossChange()
    {
        var objectives = answers.Objectives;
        Assert.Equal(4, objectives.Cells);
        // By drop: shared total (0.20), middle dgba (0.26), independent total and signsum tied (0.12), adversarial dgba (0.06).
        Assert.Equal(2, objectives.WinsByDrop["total"]);
        Assert.Equal(1, objectives.WinsByDrop["signsum"]);
        Assert.Equal(2, objectives.WinsByDrop["dgba"]);
        // By loss change DGBA is highest in all four (1.5, 1.2, 0.9, 0.3).
        Assert.Equal(4, objectives.WinsByLossChange["dgba"]);
        Assert.Equal(0, objectives.WinsByLossChange["total"]);
        var shortfall = Assert.Single(objectives.Shortfalls);
        Assert.Equal(("pgd", 4.0, 4, 2, 0), (shortfall.Algorithm, shortfall.Epsilon, shortfall.Cells, shortfall.LostByDrop, shortfall.LostByLossChange));
        Assert.Equal(-0.0025, objectives.DgbaDropMargin, Precision);     // (-0.05 + 0.06 - 0.03 + 0.01) / 4
        Assert.Equal(0.275, objectives.DgbaLossChangeMargin, Precision); // (0.5 + 0.2 + 0.3 + 0.1) / 4
        string text = string.Join("\n", objectives.Lines());
        Assert.Contains("By metric drop DGBA does not win 2 of 4 cells: pgd eps 4 (2 of 4)", text);
        Assert.Contains("By loss change DGBA wins every cell.", text);
        Assert.Contains("0.25 points below", text);
    }

    [Fact]
    public void TradeoffComparesTrainingsLayoutByLayout()
    {
        var tradeoff = answers.Tradeoff;
        var clean = tradeoff.ByTraining.Single(t => t.Training == "clean");
        Assert.Equal(3, clean.Models);
        Assert.Equal(0.6, clean.CleanScore, Precision);                  // (0.5 + 0.6 + 0.7) / 3
        Assert.Equal((0.15 + 0.56 / 3 + 0.11) / 3, clean.MultiTaskDrop, Precision); // middle: (0.20 + 0.10 + 0.26) / 3
        var adversarial = Assert.Single(tradeoff.Adversarial);
        Assert.Equal("adversarial-total", adversarial.Training);
        Assert.Equal((1, 1), (adversarial.Layouts, adversarial.MoreRobust));
        Assert.Equal(-0.1, adversarial.CleanScoreChange, Precision);     // 0.4 - 0.5
        Assert.Equal(-0.1, adversarial.MultiTaskDropChange, Precision);  // 0.05 - 0.15
        Assert.Equal(-1.0, tradeoff.SharingCleanCorrelation, Precision); // 0.5, 0.6, 0.7 fall on a line as sharing falls
        // Sharing 1, 0.5, 0 against drops 0.15, 0.18667, 0.11: sxy 0.02, sxx 0.5, syy 0.0029407 -> r 0.5216.
        Assert.Equal(0.5216, tradeoff.SharingDropCorrelation, 4);
    }
}
