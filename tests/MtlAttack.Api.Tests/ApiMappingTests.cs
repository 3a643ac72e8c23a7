using MtlAttack.Abstractions;
using MtlAttack.Api.Endpoints;

namespace MtlAttack.Api.Tests;

public class ApiMappingTests
{
    private const string Folder = "/srv/blobs/evaluations/alpha/0123456789abcdef0123456789abcdef";

    [Fact]
    public void AStatusNeverNamesTheServersFolderNotEvenInItsError()
    {
        var status = new EvaluationStatus("alpha.e1", EvaluationState.Failed, 3, 9,
            Error: $"Could not write {Folder}/adversarial/fgsm-dgba-eps4.png: disk full", ReportDirectory: Folder, Model: ModelKey.Create("alpha", "m"));

        var info = ApiMapping.ToInfo(status);

        Assert.Equal("Could not write the evaluation's folder/adversarial/fgsm-dgba-eps4.png: disk full", info.Error);
        Assert.DoesNotContain(Folder, System.Text.Json.JsonSerializer.Serialize(info));
        Assert.DoesNotContain(Folder, EvaluationEndpoints.NotReady(status, "adversarial examples").Message);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData(0, 0)]
    [InlineData(64, 64)]
    public void SaveAdversarialIsMappedButTheRequestNamesNoFolder(int? asked, int mapped)
    {
        var request = ApiMapping.ToRequest("alpha", new StartEvaluationRequest { ModelId = "m", Dataset = "synthetic", SaveAdversarial = asked });
        Assert.Equal(mapped, request.SaveAdversarial);
        Assert.Null(request.ReportDirectory);
    }

    [Theory]
    [InlineData(null, 1)]
    [InlineData(4, 4)]
    public void RestartsAndEnsemblesPassThroughToTheGrains(int? asked, int mapped)
    {
        var request = ApiMapping.ToRequest("alpha", new StartEvaluationRequest
        {
            ModelId = "m", Dataset = "synthetic", Algorithms = ["ensemble(fgsm,pgd,apgd)"], Restarts = asked,
        });
        Assert.Equal(mapped, request.Restarts);
        Assert.Equal(["ensemble(fgsm,pgd,apgd)"], request.Algorithms);
    }
}
