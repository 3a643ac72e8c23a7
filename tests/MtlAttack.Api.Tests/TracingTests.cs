using System.Diagnostics;
using MtlAttack.Api.Telemetry;
using MtlAttack.Grains.Telemetry;

namespace MtlAttack.Api.Tests;

[Collection(ApiCollection.Name)]
public class TracingTests(ApiService service)
{
    [Fact]
    public async Task EachRequestsTraceContinuesIntoTheGrains()
    {
        using var http = service.Http(service.AlphaKey);
        var upload = await http.PostAsync("/v1/models", Uploads.Form(Uploads.Spec(service.OtherCheckpoint), Uploads.Weights(service.OtherCheckpoint), "traced"));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var start = await http.PostAsJsonAsync("/v1/evaluations", new StartEvaluationRequest
        {
            ModelId = "traced", Dataset = ApiService.Dataset, Algorithms = ["fgsm"], Objectives = ["dgba"], Epsilons = [4], MaxSamples = 4, BatchSize = 4,
        });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var evaluation = (await start.Content.ReadFromJsonAsync<EvaluationInfo>())!;
        await service.Sdk(service.AlphaKey).WaitForCompletionAsync(evaluation.Id, pollInterval: TimeSpan.FromMilliseconds(50));

        var uploadTrace = RequestTrace("POST", "/v1/models");
        var evaluationTrace = RequestTrace("POST", "/v1/evaluations");
        Assert.NotEqual(uploadTrace, evaluationTrace);
        // The upload's request loaded the model on the silo; the evaluation's request ran the evaluation and its batches.
        var received = Assert.Single(Spans(), s => s.OperationName == ApiTelemetry.Spans.ModelUpload && s.TraceId == uploadTrace);
        Assert.Equal("traced", received.GetTagItem("mtlattack.model"));
        Assert.Contains(Spans(), s => s.OperationName == GrainTelemetry.Spans.ModelLoad && s.TraceId == uploadTrace);
        await WaitForAsync(() => Spans().Any(s => s.OperationName == GrainTelemetry.Spans.Evaluation && s.TraceId == evaluationTrace));
        Assert.Contains(Spans(), s => s.OperationName == GrainTelemetry.Spans.AttackBatch && s.TraceId == evaluationTrace);
    }

    private List<Activity> Spans() => service.Spans.Snapshot();

    /// <summary>The trace of the server span ASP.NET Core recorded for the latest such request.</summary>
    private ActivityTraceId RequestTrace(string method, string path)
    {
        var candidates = Spans().Where(s => s.Kind == ActivityKind.Server && s.GetTagItem("http.request.method") as string == method
            && s.GetTagItem("url.path") as string == path).ToList();
        Assert.NotEmpty(candidates);
        // Several tests share the service; the most recent such request is this test's (tests in a collection run one at a time).
        return candidates[^1].TraceId;
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < deadline && !condition(); await Task.Delay(20)) { }
        Assert.True(condition());
    }
}
