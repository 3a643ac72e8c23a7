using PuppeteerSharp;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Tests.Reporting;

/// <summary>
/// An HTML file opened in the Debian chromium package (installed by .ci/run; never a downloaded browser), headless,
/// with what the report pages' browser tests check: the charts drawn, the first chart's pixels, every script or page
/// error and every request. A missing chromium fails the test: a skipped browser check would let a broken page through CI.
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly IBrowser browser;

    private ChromiumPage(IBrowser browser, IPage page, string url)
    {
        this.browser = browser;
        Page = page;
        Url = url;
    }

    public IPage Page { get; }

    public string Url { get; }

    /// <summary>Console errors and warnings, page errors and failed requests, in order.</summary>
    public List<string> Problems { get; } = [];

    /// <summary>Every request but data: URLs (the file itself must be the only one).</summary>
    public List<string> Requests { get; } = [];

    public static async Task<ChromiumPage> OpenAsync(string file)
    {
        Assert.True(File.Exists(ChromiumPath),
            $"{ChromiumPath} is missing: install the Debian package (apt-get install -y chromium); .ci/run does so.");
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-extensions"],
        });
        var page = await browser.NewPageAsync();
        var opened = new ChromiumPage(browser, page, new Uri(file).AbsoluteUri);
        page.Console += (_, e) => { if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning) opened.Problems.Add($"console {e.Message.Type}: {e.Message.Text}"); };
        page.PageError += (_, e) => opened.Problems.Add($"page error: {e.Message}");
        page.Request += (_, e) => { if (!e.Request.Url.StartsWith("data:", StringComparison.Ordinal)) opened.Requests.Add(e.Request.Url); };
        page.RequestFailed += (_, e) => opened.Problems.Add($"request failed: {e.Request.Url}");
        await page.SetViewportAsync(new ViewPortOptions { Width = 1280, Height = 1000 });
        var response = await page.GoToAsync(opened.Url, WaitUntilNavigation.Load);
        Assert.True(response.Ok, $"loading {opened.Url}: {response.Status}");
        return opened;
    }

    /// <summary>Charts laid out at a real size that hold plot paths and labels.</summary>
    public Task<int> DrawnChartsAsync() => Page.EvaluateExpressionAsync<int>("""
        Array.from(document.querySelectorAll('figure.chart > svg')).filter(svg => {
          const box = svg.getBoundingClientRect();
          return box.width > 200 && box.height > 150 && svg.querySelectorAll('path').length > 5 && svg.querySelectorAll('text').length > 3;
        }).length
        """);

    /// <summary>The first chart as pixels must be in colour (the plotted marks), not blank or only black on white.</summary>
    public async Task AssertFirstChartIsDrawnInColourAsync()
    {
        var chart = await Page.QuerySelectorAsync("figure.chart");
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
        Assert.True(coloured > 200, $"only {coloured} coloured pixels: the marks were not drawn");
    }

    /// <summary>No script or page error, and nothing fetched but the file.</summary>
    public void AssertCleanAndSelfContained()
    {
        Assert.Empty(Problems);
        Assert.Equal([Url], Requests);
    }

    public async ValueTask DisposeAsync()
    {
        await Page.DisposeAsync();
        await browser.DisposeAsync();
    }
}
