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

    [Fact]
    public void TheProtocolReachesEveryModelsEvaluationAndStudyJsonOnlyNamesTheReferenceOne()
    {
        Assert.Equal(Core.Evaluation.EvaluationProtocol.Ours, StudySettings.Quick.Evaluation().Protocol);
        var reference = StudySettings.Quick with { Protocol = Core.Evaluation.EvaluationProtocol.Reference };
        Assert.Equal(Core.Evaluation.EvaluationProtocol.Reference, reference.Evaluation().Protocol);
        var json = System.Text.Json.JsonSerializer.Serialize(StudySettings.Quick, Core.Evaluation.ReportWriter.Json);
        Assert.DoesNotContain("protocol", json);
        var referenceJson = System.Text.Json.JsonSerializer.Serialize(reference, Core.Evaluation.ReportWriter.Json);
        Assert.Contains("\"protocol\": \"reference\"", referenceJson);
        Assert.Equal(Core.Evaluation.EvaluationProtocol.Reference, System.Text.Json.JsonSerializer.Deserialize<StudySettings>(referenceJson, Core.Evaluation.ReportWriter.Json)!.Protocol);
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
