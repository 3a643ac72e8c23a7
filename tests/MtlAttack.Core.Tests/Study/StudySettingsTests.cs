using MtlAttack.Core.Study;

namespace MtlAttack.Core.Tests.Study;

public class StudySettingsTests
{
    [Fact]
    public void TheDefaultAndQuickStudiesAreValidAndAttackWhatTheyName()
    {
        StudySettings.Default.Validate();
        StudySettings.Quick.Validate();
        var evaluation = StudySettings.Quick.Evaluation();
        Assert.Equal(["fgsm", "pgd", "apgd"], evaluation.Algorithms);
        Assert.Equal(["single", "total", "signsum", "dgba"], evaluation.Objectives);
        Assert.Equal(StudySettings.Quick.MaxSamples, evaluation.MaxSamples);
    }

    [Theory]
    [InlineData(300.0, "255")]
    [InlineData(double.NaN, "above 0")]
    public void ABudgetNoEvaluationAcceptsIsRefusedBeforeAnyTraining(double epsilon, string hint)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => (StudySettings.Quick with { Epsilons = [2, epsilon] }).Validate());
        Assert.Contains(hint, e.Message);
    }

    [Fact]
    public void AStudyWithoutSingleTaskAttacksIsRefused()
    {
        var e = Assert.Throws<ArgumentException>(() => (StudySettings.Quick with { Objectives = ["total", "dgba"] }).Validate());
        Assert.Contains("'single'", e.Message);
    }
}
