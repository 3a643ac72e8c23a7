using System.Text.RegularExpressions;
using MtlAttack.Core.Evaluation;

namespace MtlAttack.Api.Tests;

/// <summary>The two HTML views: an evaluation's report.html and the comparison page, as text/html with charts.</summary>
[Collection(ApiCollection.Name)]
public class HtmlReportTests(ApiService service)
{
    [Fact]
    public async Task ReportAndComparisonComeAsHtmlPagesWithCharts()
    {
        var sdk = service.Sdk(service.AlphaKey);
        await sdk.UploadModelAsync(service.Checkpoint, name: "html");
        var request = new StartEvaluationRequest
        {
            ModelId = "html",
            Dataset = ApiService.Dataset,
            Algorithms = ["fgsm"],
            Objectives = ["single", "total"],
            Epsilons = [4, 8],
            BatchSize = 4,
            MaxSamples = 4,
            Seed = 3,
        };
        var first = await sdk.StartEvaluationAsync(request);
        var second = await sdk.StartEvaluationAsync(request with { Objectives = ["dgba"] });
        Assert.Equal(EvaluationStates.Completed, (await sdk.WaitForCompletionAsync(first.Id, pollInterval: TimeSpan.FromMilliseconds(50))).State);
        Assert.Equal(EvaluationStates.Completed, (await sdk.WaitForCompletionAsync(second.Id, pollInterval: TimeSpan.FromMilliseconds(50))).State);
        using var http = service.Http(service.AlphaKey);

        using var report = await http.GetAsync($"/v1/evaluations/{first.Id}/report?format=html");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        Assert.Equal("text/html", report.Content.Headers.ContentType?.MediaType);
        string page = await report.Content.ReadAsStringAsync();
        // Core's page for the stored report: 3 tasks, so the average chart, 3 drop and 3 loss charts, 2 transfer heatmaps (fgsm x 2 eps).
        var stored = ReportWriter.FromJson(await sdk.GetReportAsync(first.Id, ReportFormats.Json));
        Assert.Equal(ReportWriter.ToHtml(stored), page);
        Assert.Equal(1 + 3 + 3 + 2, Regex.Count(page, "<figure class=\"chart\""));
        Assert.Equal(1 + 3 + 3 + 2, Regex.Count(page, "<svg "));
        Assert.Equal(page, await sdk.GetReportAsync(first.Id, ReportFormats.Html));

        using var comparison = await http.GetAsync($"/v1/reports/compare?ids={first.Id},{second.Id}&format=html");
        Assert.Equal(HttpStatusCode.OK, comparison.StatusCode);
        Assert.Equal("text/html", comparison.Content.Headers.ContentType?.MediaType);
        string comparisonPage = await comparison.Content.ReadAsStringAsync();
        // One chart per algorithm (fgsm), a table row per cell of either evaluation (single per task and total x 2 eps, dgba x 2 eps).
        Assert.Equal(1, Regex.Count(comparisonPage, "<svg "));
        Assert.Contains(first.Id, comparisonPage);
        Assert.Contains(second.Id, comparisonPage);
        var rows = (await sdk.CompareAsync([first.Id, second.Id])).Rows;
        Assert.Equal(10, rows.Count);
        foreach (var row in rows)
            Assert.Contains($"<td class=\"num\">{(100 * row.AvgRelativeDrop).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture)}</td>", comparisonPage);
        Assert.Equal(comparisonPage, await sdk.CompareHtmlAsync([first.Id, second.Id]));

        using var unknown = await http.GetAsync($"/v1/reports/compare?ids={first.Id}&format=pdf");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("json or html", await unknown.Content.ReadAsStringAsync());
    }
}
