using System.Net;
using System.Text.RegularExpressions;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Reporting;

namespace MtlAttack.Core.Tests.Reporting;

public partial class ReportHtmlTests
{
    [Fact]
    public void DrawsOneChartPerExpectedPlot()
    {
        var report = SampleReports.Build();
        string html = ReportWriter.ToHtml(report);

        var kinds = ChartKinds().Matches(html).Select(m => m.Groups[1].Value).ToList();
        // The average chart, per task a drop and a loss-change chart, one heatmap per algorithm x epsilon.
        Assert.Equal(1, kinds.Count(k => k == ReportHtml.AverageDropKind));
        Assert.Equal(2, kinds.Count(k => k == ReportHtml.TaskDropKind));
        Assert.Equal(2, kinds.Count(k => k == ReportHtml.TaskLossChangeKind));
        Assert.Equal(SampleReports.Algorithms.Length * SampleReports.Epsilons.Length, kinds.Count(k => k == ReportHtml.TransferKind));
        Assert.Equal(kinds.Count, Regex.Count(html, "<svg "));
        // Every chart has drawn content: lines or cells as paths, axis labels as text.
        foreach (Match figure in Figures().Matches(html))
        {
            Assert.Contains("<path", figure.Value);
            Assert.Contains("<text", figure.Value);
        }
    }

    [Fact]
    public void LeavesOutTheTransferHeatmapWithoutSingleTaskCells()
    {
        string html = ReportWriter.ToHtml(SampleReports.Build(withSingleTask: false));
        var kinds = ChartKinds().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.DoesNotContain(ReportHtml.TransferKind, kinds);
        Assert.Equal(5, kinds.Count);
    }

    [Fact]
    public void EscapesEveryNameFromTheReport()
    {
        var report = SampleReports.Build(
            model: "<script>alert('model')</script>",
            dataset: "\"><img src=x onerror=alert(1)>",
            tasks: ["seg<b>mented</b>", "depth&'\""]);
        string html = ReportWriter.ToHtml(report);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;alert(&#39;model&#39;)&lt;/script&gt;", html);
        Assert.Contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;", html);
        // The names still read right once the browser decodes them, in tables and in charts.
        Assert.Contains("seg&lt;b&gt;mented&lt;/b&gt;", html);
        Assert.Contains(report.TaskOrder[0], WebUtility.HtmlDecode(html));
        // No element the page did not write itself.
        var tags = Tags().Matches(html).Select(m => m.Groups[1].Value.ToLowerInvariant()).Distinct().Order().ToList();
        Assert.All(tags, tag => Assert.Contains(tag, AllowedTags));
    }

    [Fact]
    public void TablesHoldReportMdNumbers()
    {
        var report = SampleReports.Build();
        var markdownRows = MarkdownTableRows(ReportWriter.ToMarkdown(report));
        var htmlRows = HtmlTableRows(ReportWriter.ToHtml(report));
        Assert.True(markdownRows.Count > 40, $"only {markdownRows.Count} rows");
        Assert.Equal(markdownRows, htmlRows);
    }

    [Fact]
    public void TheSameReportGivesTheSameBytesWithIdsUniqueOnThePage()
    {
        var report = SampleReports.Build();
        string first = ReportWriter.ToHtml(report);
        string second = ReportWriter.ToHtml(report);
        Assert.Equal(first, second);
        var ids = Ids().Matches(first).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        foreach (Match reference in IdReferences().Matches(first))
            Assert.Contains(reference.Groups[1].Value, ids);
    }

    [Fact]
    public async Task ConcurrentRendersGiveTheSameBytes()
    {
        // The service renders pages for several callers at once, on any thread (the font cache, the SVG id renumbering).
        var report = SampleReports.Build();
        string expected = ReportWriter.ToHtml(report);
        var pages = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => ReportWriter.ToHtml(report))));
        Assert.All(pages, page => Assert.Equal(expected, page));
    }

    [Fact]
    public void ReportDirectoryGetsReportHtml()
    {
        string directory = Path.Combine(Path.GetTempPath(), "mtlattack-html-" + Guid.NewGuid().ToString("N"));
        try
        {
            var report = SampleReports.Build();
            ReportWriter.Write(directory, report);
            Assert.Equal(ReportWriter.ToHtml(report), File.ReadAllText(Path.Combine(directory, ReportWriter.HtmlFileName)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static readonly string[] AllowedTags =
        ["body", "circle", "clippath", "code", "defs", "div", "ellipse", "figure", "g", "h1", "h2", "h3", "head", "html", "image", "meta",
         "p", "path", "rect", "strong", "style", "svg", "table", "td", "text", "th", "title", "tr", "use"];

    /// <summary>report.md's table rows, cells trimmed, bold marks and Markdown's backslash escape removed; separator rows skipped.</summary>
    private static List<string> MarkdownTableRows(string markdown) =>
        markdown.Split('\n')
            .Where(l => l.StartsWith('|') && !l.StartsWith("|---"))
            .Select(l => string.Join(" | ", l.Trim().Trim('|').Split(" | ").Select(c => c.Trim().Replace("**", "").Replace("\\\\", "\\"))))
            .ToList();

    private static List<string> HtmlTableRows(string html) =>
        Rows().Matches(html)
            .Select(r => string.Join(" | ", Cells().Matches(r.Value).Select(c => WebUtility.HtmlDecode(Regex.Replace(c.Groups[1].Value, "<[^>]+>", "")).Trim())))
            .ToList();

    [GeneratedRegex("<figure class=\"chart\" data-chart=\"([^\"]+)\"")]
    private static partial Regex ChartKinds();

    [GeneratedRegex("<figure class=\"chart\".*?</figure>", RegexOptions.Singleline)]
    private static partial Regex Figures();

    [GeneratedRegex("<([a-zA-Z][a-zA-Z0-9]*)[\\s>/]")]
    private static partial Regex Tags();

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex Rows();

    [GeneratedRegex("<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex Cells();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex Ids();

    [GeneratedRegex("(?:url\\(|href=\")#([^)\"]+)")]
    private static partial Regex IdReferences();
}
