using MtlAttack.Core.Evaluation;
using PuppeteerSharp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Tests.Reporting;

/// <summary>
/// report.html in a real browser: the Debian chromium package (installed by .ci/run; never a downloaded browser)
/// opens the file headless and must draw every chart, with no script or console errors and no request but the file.
/// A missing chromium fails the test: a skipped browser check would let a broken page through CI.
/// </summary>
public class ReportHtmlBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Fact]
    public async Task ChromiumDrawsEveryChartWithoutErrorsOrFetches()
    {
        Assert.True(File.Exists(ChromiumPath),
            $"{ChromiumPath} is missing: install the Debian package (apt-get install -y chromium); .ci/run does so.");
        var report = SampleReports.Build(model: "browser<check>");
        int expectedCharts = 1 + 2 * report.TaskOrder.Count + report.Transfer.Count;
        string directory = Path.Combine(Path.GetTempPath(), "mtlattack-browser-" + Guid.NewGuid().ToString("N"));
        try
        {
            ReportWriter.Write(directory, report);
            string url = new Uri(Path.Combine(directory, ReportWriter.HtmlFileName)).AbsoluteUri;

            await using var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"],
            });
            await using var page = await browser.NewPageAsync();
            var problems = new List<string>();
            var requests = new List<string>();
            page.Console += (_, e) => { if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning) problems.Add($"console {e.Message.Type}: {e.Message.Text}"); };
            page.PageError += (_, e) => problems.Add($"page error: {e.Message}");
            page.Request += (_, e) => requests.Add(e.Request.Url);
            page.RequestFailed += (_, e) => problems.Add($"request failed: {e.Request.Url}");
            await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 1000 });

            var response = await page.GoToAsync(url, WaitUntilNavigation.Load);
            Assert.True(response.Ok, $"loading {url}: {response.Status}");

            // Drawn charts: each figure's svg is laid out at a real size and holds plot paths and labels.
            int drawn = await page.EvaluateExpressionAsync<int>("""
                Array.from(document.querySelectorAll('figure.chart > svg')).filter(svg => {
                  const box = svg.getBoundingClientRect();
                  return box.width > 200 && box.height > 150 && svg.querySelectorAll('path').length > 5 && svg.querySelectorAll('text').length > 3;
                }).length
                """);
            Assert.Equal(expectedCharts, drawn);
            Assert.Equal(expectedCharts, await page.EvaluateExpressionAsync<int>("document.querySelectorAll('svg').length"));
            Assert.Equal("browser<check>", await page.EvaluateExpressionAsync<string>("document.querySelector('h1').textContent.split(': ')[1]"));

            // The first chart as pixels: not blank, and in colour (the lines), not only black on white.
            var chart = await page.QuerySelectorAsync("figure.chart");
            byte[] png = await chart.ScreenshotDataAsync(new ElementScreenshotOptions { Type = ScreenshotType.Png });
            using var image = Image.Load<Rgba32>(png);
            var colours = new HashSet<Rgba32>();
            int coloured = 0;
            image.ProcessPixelRows(rows =>
            {
                for (int y = 0; y < rows.Height; y++)
                    foreach (var p in rows.GetRowSpan(y))
                    {
                        colours.Add(p);
                        if (Math.Max(p.R, Math.Max(p.G, p.B)) - Math.Min(p.R, Math.Min(p.G, p.B)) > 60) coloured++;
                    }
            });
            Assert.True(image.Width > 200 && image.Height > 150, $"chart screenshot {image.Width}x{image.Height}");
            Assert.True(colours.Count > 10, $"the chart screenshot has {colours.Count} colours: blank");
            Assert.True(coloured > 200, $"only {coloured} coloured pixels: the lines were not drawn");

            Assert.Empty(problems);
            Assert.Equal([url], requests.Where(r => !r.StartsWith("data:", StringComparison.Ordinal)).ToList());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
