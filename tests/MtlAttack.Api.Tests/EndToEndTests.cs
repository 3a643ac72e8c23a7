using System.Text.Json;

namespace MtlAttack.Api.Tests;

[Collection(ApiCollection.Name)]
public class EndToEndTests(ApiService service)
{
    private static StartEvaluationRequest Request(string model, string objective) => new()
    {
        ModelId = model,
        Dataset = ApiService.Dataset,
        Algorithms = ["fgsm"],
        Objectives = ["total", objective],
        Epsilons = [4, 8],
        BatchSize = 4,
        MaxSamples = 8,
        Seed = 3,
    };

    [Fact]
    public async Task UploadEvaluateWaitReportInEveryFormatAndCompare()
    {
        var sdk = service.Sdk(service.AlphaKey);
        var model = await sdk.UploadModelAsync(service.Checkpoint, name: "e2e");
        Assert.Equal("e2e", model.Id);
        Assert.Equal(3, model.Tasks.Count);
        Assert.Contains(await sdk.ListModelsAsync(), m => m.Id == "e2e");
        Assert.NotNull((await sdk.GetModelAsync("e2e")).Silo);

        var first = await sdk.StartEvaluationAsync(Request("e2e", "dgba"));
        var second = await sdk.StartEvaluationAsync(Request("e2e", "signsum"));
        // The 202 says where the evaluation stands when it is answered: a small one may already have finished.
        Assert.Contains(first.State, new[] { EvaluationStates.Running, EvaluationStates.Completed });
        Assert.Equal("e2e", first.ModelId);

        var seen = new Recorder();
        var done = await sdk.WaitForCompletionAsync(first.Id, seen, TimeSpan.FromMilliseconds(50));
        await sdk.WaitForCompletionAsync(second.Id, pollInterval: TimeSpan.FromMilliseconds(50));
        Assert.Equal(EvaluationStates.Completed, done.State);
        Assert.Equal(done.BatchesTotal, done.BatchesDone);
        // The clean baseline and 2 objectives x 2 epsilons, each over the same batches.
        Assert.True(done.BatchesTotal > 0 && done.BatchesTotal % (1 + 4) == 0, $"{done.BatchesTotal} batches");
        Assert.Equal(done, seen.Reports[^1]);

        var json = JsonDocument.Parse(await sdk.GetReportAsync(first.Id, ReportFormats.Json)).RootElement;
        var cells = json.GetProperty("cells").EnumerateArray().ToList();
        // The model by the name its owner knows, not by where the server keeps the upload.
        Assert.Equal("alpha/e2e", json.GetProperty("model").GetString());
        Assert.Equal(4, cells.Count);
        string csv = await sdk.GetReportAsync(first.Id, ReportFormats.Csv);
        Assert.Equal(1 + 1 + 4, csv.Trim().Split('\n').Length); // header, clean baseline, a row per cell
        string markdown = await sdk.GetReportAsync(first.Id, ReportFormats.Markdown);
        Assert.StartsWith("#", markdown.TrimStart());
        Assert.Contains("dgba", markdown);
        Assert.DoesNotContain(service.BlobPath, markdown);

        var comparison = await sdk.CompareAsync([first.Id, second.Id]);
        Assert.Equal([first.Id, second.Id], comparison.Evaluations);
        Assert.Equal(8, comparison.Rows.Count);
        foreach (var cell in cells)
        {
            var row = Assert.Single(comparison.Rows, r => r.Evaluation == first.Id && r.Objective == cell.GetProperty("objective").GetString()
                && r.Epsilon == cell.GetProperty("epsilon").GetDouble());
            Assert.Equal(cell.GetProperty("avgRelativeDrop").GetDouble(), row.AvgRelativeDrop);
            Assert.Equal(3, row.TaskRelativeDrop.Count);
        }
        // The same seed and cells give the same numbers in both evaluations: total is in both.
        var totals = comparison.Rows.Where(r => r.Objective == "total").GroupBy(r => r.Epsilon);
        Assert.All(totals, g => Assert.Single(g.Select(r => r.AvgRelativeDrop).Distinct()));

        var listed = await sdk.ListEvaluationsAsync();
        Assert.Contains(listed, e => e.Id == first.Id && e.State == EvaluationStates.Completed);
        // Pages, newest first: the second evaluation started last.
        var newest = Assert.Single(await sdk.ListEvaluationsAsync(limit: 1));
        Assert.Equal(second.Id, newest.Id);
        Assert.Equal(first.Id, Assert.Single(await sdk.ListEvaluationsAsync(limit: 1, after: newest.Id)).Id);
        var bad = await Assert.ThrowsAsync<MtlAttackApiException>(() => sdk.ListEvaluationsAsync(limit: 1, after: "not-an-evaluation"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
    }

    [Fact]
    public async Task CancellingStopsAnEvaluationAndItHasNoReport()
    {
        var sdk = service.Sdk(service.AlphaKey);
        await sdk.UploadModelAsync(service.OtherCheckpoint, name: "to-cancel");
        var started = await sdk.StartEvaluationAsync(ApiService.LongRunning("to-cancel"));
        var cancelled = await sdk.CancelEvaluationAsync(started.Id);
        Assert.Equal(EvaluationStates.Cancelled, cancelled.State);
        Assert.Equal(EvaluationStates.Cancelled, (await sdk.GetEvaluationAsync(started.Id)).State);
        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => sdk.GetReportAsync(started.Id));
        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Contains("cancelled", error.Message);
    }

    [Fact]
    public async Task DeletingAModelFreesItsNameAndItsUploadButNotWhileAnEvaluationOfItRuns()
    {
        var sdk = service.Sdk(service.AlphaKey);
        using var http = service.Http(service.AlphaKey);
        await sdk.UploadModelAsync(service.OtherCheckpoint, name: "to-delete");
        string uploads = Path.Combine(service.BlobPath, "models", "alpha");
        Assert.Single(Directory.GetDirectories(uploads, "to-delete.*"));
        var running = await sdk.StartEvaluationAsync(ApiService.LongRunning("to-delete"));

        string busy = await Problems.ExpectAsync(await http.DeleteAsync("/v1/models/to-delete"), HttpStatusCode.Conflict, running.Id);
        Assert.Contains("cancel", busy);
        Assert.Contains(await sdk.ListModelsAsync(), m => m.Id == "to-delete");

        await sdk.CancelEvaluationAsync(running.Id);
        var deleted = await http.DeleteAsync("/v1/models/to-delete");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await deleted.Content.ReadAsByteArrayAsync());
        Assert.DoesNotContain(await sdk.ListModelsAsync(), m => m.Id == "to-delete");
        await Problems.ExpectAsync(await http.GetAsync("/v1/models/to-delete"), HttpStatusCode.NotFound, "to-delete");
        await Problems.ExpectAsync(await http.DeleteAsync("/v1/models/to-delete"), HttpStatusCode.NotFound, "to-delete");
        Assert.Empty(Directory.GetDirectories(uploads, "to-delete.*"));
        // The evaluation is still listed with its outcome.
        Assert.Equal(EvaluationStates.Cancelled, (await sdk.GetEvaluationAsync(running.Id)).State);

        var again = await sdk.UploadModelAsync(service.OtherCheckpoint, name: "to-delete");
        Assert.Equal("to-delete", again.Id);
        Assert.Single(Directory.GetDirectories(uploads, "to-delete.*"));
    }

    [Fact]
    public async Task HealthAndTheOpenApiDocumentNeedNoKey()
    {
        using var http = service.Http(null);
        Assert.Equal("ok", (await http.GetFromJsonAsync<JsonElement>("/v1/health")).GetProperty("status").GetString());
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/v1/models", "/v1/models/{id}", "/v1/evaluations", "/v1/evaluations/{id}", "/v1/evaluations/{id}/report",
                     "/v1/evaluations/{id}/adversarial", "/v1/evaluations/{id}/adversarial/{file}", "/v1/reports/compare" })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is missing from the OpenAPI document");
        var upload = paths.GetProperty("/v1/models").GetProperty("post");
        var form = upload.GetProperty("requestBody").GetProperty("content").GetProperty("multipart/form-data").GetProperty("schema");
        // The schema is a reference to the form's component.
        string formText = form.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]).GetRawText()
            : form.GetRawText();
        Assert.Contains("spec", formText, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("weights", formText, StringComparison.OrdinalIgnoreCase);
        foreach (var status in new[] { "400", "401", "409", "413" })
            Assert.True(upload.GetProperty("responses").TryGetProperty(status, out _), $"POST /v1/models does not document {status}");
        var download = paths.GetProperty("/v1/evaluations/{id}/adversarial/{file}").GetProperty("get").GetProperty("responses");
        Assert.True(download.GetProperty("200").GetProperty("content").TryGetProperty("image/png", out _), "the download does not document image/png");
        foreach (var status in new[] { "401", "404", "409" })
            Assert.True(download.TryGetProperty(status, out _), $"GET /v1/evaluations/{{id}}/adversarial/{{file}} does not document {status}");
        var delete = paths.GetProperty("/v1/models/{id}").GetProperty("delete");
        foreach (var status in new[] { "204", "404", "409", "503" })
            Assert.True(delete.GetProperty("responses").TryGetProperty(status, out _), $"DELETE /v1/models/{{id}} does not document {status}");
        var cancelOrPurge = paths.GetProperty("/v1/evaluations/{id}").GetProperty("delete");
        Assert.Contains("purge=true", cancelOrPurge.GetProperty("summary").GetString());
        foreach (var status in new[] { "200", "204", "400", "401", "404", "409" })
            Assert.True(cancelOrPurge.GetProperty("responses").TryGetProperty(status, out _), $"DELETE /v1/evaluations/{{id}} does not document {status}");
        var purge = Assert.Single(cancelOrPurge.GetProperty("parameters").EnumerateArray(), p => p.GetProperty("name").GetString() == "purge");
        Assert.Equal("query", purge.GetProperty("in").GetString());
        Assert.Equal("boolean", purge.GetProperty("schema").GetProperty("type").GetString());
    }

    /// <summary>Records progress reports as they come (Progress&lt;T&gt; would post them to the thread pool, after the wait returns).</summary>
    private sealed class Recorder : IProgress<EvaluationInfo>
    {
        public List<EvaluationInfo> Reports { get; } = [];

        public void Report(EvaluationInfo value) { lock (Reports) Reports.Add(value); }
    }
}
