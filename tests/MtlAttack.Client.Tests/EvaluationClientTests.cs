namespace MtlAttack.Client.Tests;

public class EvaluationClientTests
{
    private static readonly EvaluationInfo Running = new("e1", "tiny.v1", EvaluationStates.Running, 3, 12);

    [Fact]
    public async Task StartPostsTheRequestAsCamelCaseJsonLeavingOutUnsetFields()
    {
        var api = new FakeApi().Json(HttpMethod.Post, "/v1/evaluations", Running with { BatchesDone = 0 }, HttpStatusCode.Accepted);
        var request = new StartEvaluationRequest
        {
            ModelId = "tiny.v1",
            Dataset = "synthetic:count=20,size=32,seed=1",
            Algorithms = ["pgd", "ensemble(fgsm,pgd)"],
            Epsilons = [2, 4],
            Steps = 5,
            RandomStart = true,
            Restarts = 3,
        };

        var started = await TestClient.For(api).StartEvaluationAsync(request);

        Assert.Equal("e1", started.Id);
        Assert.Equal(EvaluationStates.Running, started.State);
        var sent = api.Single(HttpMethod.Post, "/v1/evaluations");
        Assert.Equal("application/json", sent.MediaType);
        Assert.Equal(TestClient.Key, sent.ApiKey);
        Assert.Equal(
            """{"modelId":"tiny.v1","dataset":"synthetic:count=20,size=32,seed=1","algorithms":["pgd","ensemble(fgsm,pgd)"],"epsilons":[2,4],"steps":5,"randomStart":true,"restarts":3}""",
            sent.Body);
    }

    [Fact]
    public async Task EvaluationsAreListedReadAndCancelled()
    {
        var api = new FakeApi()
            .Json(HttpMethod.Get, "/v1/evaluations", (EvaluationInfo[])[Running, Running with { Id = "e2", State = EvaluationStates.Completed }])
            .Json(HttpMethod.Get, "/v1/evaluations/e1", Running)
            .Json(HttpMethod.Delete, "/v1/evaluations/e1", Running with { State = EvaluationStates.Cancelled });
        var client = TestClient.For(api);

        var listed = await client.ListEvaluationsAsync();
        var read = await client.GetEvaluationAsync("e1");
        var cancelled = await client.CancelEvaluationAsync("e1");

        Assert.Equal(["e1", "e2"], listed.Select(e => e.Id));
        Assert.Equal(Running, read);
        Assert.Equal(0.25, read.Progress);
        Assert.Equal(EvaluationStates.Cancelled, cancelled.State);
        Assert.True(cancelled.IsFinished);
        Assert.Equal(3, api.Requests.Count);
    }

    [Fact]
    public async Task CancelSendsAPlainDeleteThatNeverPurges()
    {
        var api = new FakeApi().Json(HttpMethod.Delete, "/v1/evaluations/e1", Running with { State = EvaluationStates.Cancelled });
        await TestClient.For(api).CancelEvaluationAsync("e1");
        Assert.Equal("", api.Single(HttpMethod.Delete, "/v1/evaluations/e1").Query);
    }

    [Fact]
    public async Task DeleteSendsAPurgingDeleteWithTheKeyAndReadsTheEmptyAnswer()
    {
        var api = new FakeApi().NoContent(HttpMethod.Delete, "/v1/evaluations/e1");

        await TestClient.For(api).DeleteEvaluationAsync("e1");

        var request = api.Single(HttpMethod.Delete, "/v1/evaluations/e1");
        Assert.Equal("?purge=true", request.Query);
        Assert.Equal(TestClient.Key, request.ApiKey);
        Assert.Equal("", request.Body);
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task DeleteEscapesTheIdIntoOnePathSegment()
    {
        var api = new FakeApi().NoContent(HttpMethod.Delete, "/v1/evaluations/acme.e%2F1%3Fx");
        await TestClient.For(api).DeleteEvaluationAsync("acme.e/1?x");
        Assert.Equal("?purge=true", api.Single(HttpMethod.Delete, "/v1/evaluations/acme.e%2F1%3Fx").Query);
    }

    [Fact]
    public async Task DeletingARunningEvaluationIsTheServers409()
    {
        var api = new FakeApi().Problem(HttpMethod.Delete, "/v1/evaluations/e1", HttpStatusCode.Conflict, "Conflict",
            "Evaluation e1 is still running; cancel it first, then delete it.");

        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => TestClient.For(api).DeleteEvaluationAsync("e1"));

        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal("409 Conflict: Evaluation e1 is still running; cancel it first, then delete it.", error.Message);
    }

    [Fact]
    public async Task DeleteNeedsAnId()
    {
        var api = new FakeApi();
        await Assert.ThrowsAsync<ArgumentException>(() => TestClient.For(api).DeleteEvaluationAsync(" "));
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task APageOfEvaluationsIsAskedForByLimitAndCursor()
    {
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/evaluations", (EvaluationInfo[])[Running]);
        var client = TestClient.For(api);

        await client.ListEvaluationsAsync(limit: 20, after: "acme.e 1");

        Assert.Equal("?limit=20&after=acme.e%201", api.Single(HttpMethod.Get, "/v1/evaluations").Query);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ListEvaluationsAsync(limit: 0));
    }

    [Fact]
    public async Task AnUnknownEvaluationIsTheServers404()
    {
        var api = new FakeApi().Problem(HttpMethod.Get, "/v1/evaluations/nope", HttpStatusCode.NotFound, "Not found", "No evaluation 'nope'.");
        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => TestClient.For(api).GetEvaluationAsync("nope"));
        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Equal("No evaluation 'nope'.", error.Detail);
    }

    [Theory]
    [InlineData(ReportFormats.Json, "application/json", """{"cells":[]}""")]
    [InlineData(ReportFormats.Csv, "text/csv", "algorithm,objective\npgd,dgba\n")]
    [InlineData(ReportFormats.Markdown, "text/markdown", "# Report\n")]
    [InlineData(ReportFormats.Html, "text/html", "<!DOCTYPE html><html><body><svg></svg></body></html>")]
    public async Task ReportsComeBackVerbatimInTheFormatAsked(string format, string mediaType, string body)
    {
        var api = new FakeApi().Text(HttpMethod.Get, "/v1/evaluations/e1/report", body, mediaType);
        Assert.Equal(body, await TestClient.For(api).GetReportAsync("e1", format));
        Assert.Equal($"?format={format}", api.Single(HttpMethod.Get, "/v1/evaluations/e1/report").Query);
    }

    [Fact]
    public async Task ReportsDefaultToJson()
    {
        var api = new FakeApi().Text(HttpMethod.Get, "/v1/evaluations/e1/report", "{}", "application/json");
        await TestClient.For(api).GetReportAsync("e1");
        Assert.Equal("?format=json", api.Single(HttpMethod.Get, "/v1/evaluations/e1/report").Query);
    }

    [Fact]
    public async Task AnUnknownReportFormatIsRejectedBeforeAnyRequest()
    {
        var api = new FakeApi();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TestClient.For(api).GetReportAsync("e1", "pdf"));
        Assert.Contains("json, csv, md", error.Message);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task TheReportOfARunningEvaluationIsA409()
    {
        var api = new FakeApi().Problem(HttpMethod.Get, "/v1/evaluations/e1/report", HttpStatusCode.Conflict, "Not completed", "Evaluation 'e1' is running.");
        var error = await Assert.ThrowsAsync<MtlAttackApiException>(() => TestClient.For(api).GetReportAsync("e1"));
        Assert.Equal(HttpStatusCode.Conflict, error.Status);
        Assert.Equal("409 Not completed: Evaluation 'e1' is running.", error.Message);
    }

    [Fact]
    public async Task CompareAsksForTheIdsInOrderAndReadsTheRows()
    {
        var report = new ComparisonReport(["e2", "e1"],
        [
            new ComparisonRow("e2", "tiny.v1", "pgd", "dgba", 4, 0.25, new Dictionary<string, double> { ["depth_zbuffer"] = 0.3, ["normal"] = 0.2 }),
        ]);
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/reports/compare", report);

        var compared = await TestClient.For(api).CompareAsync(["e2", "e1"]);

        Assert.Equal("?ids=e2,e1", api.Single(HttpMethod.Get, "/v1/reports/compare").Query);
        Assert.Equal(["e2", "e1"], compared.Evaluations);
        var row = Assert.Single(compared.Rows);
        Assert.Equal(("pgd", "dgba", 4.0, 0.25), (row.Algorithm, row.Objective, row.Epsilon, row.AvgRelativeDrop));
        Assert.Equal(0.3, row.TaskRelativeDrop["depth_zbuffer"]);
    }

    [Theory]
    [InlineData(new string[0], "at least one")]
    [InlineData(new[] { "e1", "a,b" }, "contains a comma")]
    public async Task CompareRejectsIdListsTheQueryCannotCarry(string[] ids, string expected)
    {
        var api = new FakeApi();
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TestClient.For(api).CompareAsync(ids));
        Assert.Contains(expected, error.Message);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task CompareAsHtmlAsksForThePageAndReturnsItAsText()
    {
        const string page = "<!DOCTYPE html><html><body><svg></svg></body></html>";
        var api = new FakeApi().Text(HttpMethod.Get, "/v1/reports/compare", page, "text/html");

        string html = await TestClient.For(api).CompareHtmlAsync(["e2", "e1"]);

        Assert.Equal("?ids=e2,e1&format=html", api.Single(HttpMethod.Get, "/v1/reports/compare").Query);
        Assert.Equal(page, html);
    }

    [Fact]
    public async Task CompareAsHtmlRejectsTheSameIdListsBeforeAnyRequest()
    {
        var api = new FakeApi();
        await Assert.ThrowsAsync<ArgumentException>(() => TestClient.For(api).CompareHtmlAsync(["a,b"]));
        Assert.Empty(api.Requests);
    }

    [Fact]
    public void HtmlIsAReportFormatServedAsTextHtml()
    {
        Assert.Contains(ReportFormats.Html, ReportFormats.All);
        Assert.Equal("text/html", ReportFormats.MediaType(ReportFormats.Html));
    }
}
