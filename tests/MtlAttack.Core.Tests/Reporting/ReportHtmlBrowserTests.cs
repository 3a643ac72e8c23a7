using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;
using MtlAttack.Core.Reporting.Study;
using MtlAttack.Core.Study;
using MtlAttack.Core.Tests.Study;

namespace MtlAttack.Core.Tests.Reporting;

/// <summary>
/// The HTML pages in a real browser (<see cref="ChromiumPage"/>): report.html, the comparison page and study.html must
/// draw every chart, with no script or console errors and no request but the file.
/// </summary>
public class ReportHtmlBrowserTests
{
    [Fact]
    public async Task ChromiumDrawsEveryChartWithoutErrorsOrFetches()
    {
        var report = SampleReports.Build(model: "browser<check>");
        int expectedCharts = 1 + 2 * report.TaskOrder.Count + report.Transfer.Count;
        await InBrowser(directory =>
        {
            ReportWriter.Write(directory, report);
            return Path.Combine(directory, ReportWriter.HtmlFileName);
        }, async page =>
        {
            Assert.Equal(expectedCharts, await page.DrawnChartsAsync());
            Assert.Equal(expectedCharts, await page.Page.EvaluateExpressionAsync<int>("document.querySelectorAll('svg').length"));
            Assert.Equal("browser<check>", await page.Page.EvaluateExpressionAsync<string>("document.querySelector('h1').textContent.split(': ')[1]"));
        });
    }

    [Fact]
    public async Task ChromiumDrawsTheComparisonPage()
    {
        var first = SampleReports.Build(model: "first<model>");
        var second = SampleReports.Build(model: "second", withSingleTask: false);
        var evaluations = new[] { Compared("a<1>", first), Compared("b", second) };
        await InBrowser(directory =>
        {
            string file = Path.Combine(directory, "compare.html");
            File.WriteAllText(file, ComparisonHtml.Render(evaluations));
            return file;
        }, async page =>
        {
            // One chart per algorithm.
            Assert.Equal(SampleReports.Algorithms.Length, await page.DrawnChartsAsync());
            Assert.Equal("Comparison: a<1>, b", await page.Page.EvaluateExpressionAsync<string>("document.querySelector('h1').textContent"));
            // A table row per cell of either evaluation, below the header.
            Assert.Equal(first.Cells.Count + second.Cells.Count,
                await page.Page.EvaluateExpressionAsync<int>("document.querySelectorAll('table')[1].querySelectorAll('tr').length - 1"));
        });
    }

    [Fact]
    public async Task ChromiumDrawsTheStudyPageWithItsAnswersAndLinks()
    {
        var models = HandMadeStudy.Models();
        var study = new StudyDocument(HandMadeStudy.Settings, new Dictionary<string, HeadlineMetric> { ["a"] = new("m<1>", 0.1, true) },
            models.Select(m => m.Model).ToList(), StudyAnswers.Compute(models, HandMadeStudy.Settings));
        await InBrowser(directory =>
        {
            string file = Path.Combine(directory, StudyDocument.HtmlFileName);
            File.WriteAllText(file, StudyHtml.Render(study));
            return file;
        }, async page =>
        {
            // Transfer vs sharing, objective wins, clean score vs drop.
            Assert.Equal(3, await page.DrawnChartsAsync());
            Assert.Equal(3, await page.Page.EvaluateExpressionAsync<int>("document.querySelectorAll('h2').length - 1"));
            string text = await page.Page.EvaluateExpressionAsync<string>("document.body.innerText");
            Assert.Contains("By metric drop DGBA does not win 2 of 4 cells", text);
            Assert.Contains("m<1>", text);
            var links = await page.Page.EvaluateExpressionAsync<string[]>("Array.from(document.querySelectorAll('a')).map(a => a.getAttribute('href'))");
            Assert.Equal(models.Select(m => $"models/{m.Model.Name}/report/report.html"), links);
        });
    }

    private static ComparedEvaluation Compared(string id, RobustnessReport report) =>
        new(id, report.Model, report.Cells.Select(c => new ComparedCell(c.Algorithm, c.Objective, c.Epsilon, c.AvgRelativeDrop,
            c.Tasks.ToDictionary(t => t.Key, t => t.Value.RelativeDrop))).ToList());

    /// <summary>Writes the page into a fresh folder, opens it, runs the page's own checks and the common ones, and cleans up.</summary>
    private static async Task InBrowser(Func<string, string> write, Func<ChromiumPage, Task> check)
    {
        string directory = Path.Combine(Path.GetTempPath(), "mtlattack-browser-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            await using var page = await ChromiumPage.OpenAsync(write(directory));
            await check(page);
            await page.AssertFirstChartIsDrawnInColourAsync();
            page.AssertCleanAndSelfContained();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
