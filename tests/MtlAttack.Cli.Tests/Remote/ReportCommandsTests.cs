using MtlAttack.Api.Contracts;
using MtlAttack.Testing;

namespace MtlAttack.Cli.Tests.Remote;

public sealed class ReportCommandsTests
{
    [Fact]
    public async Task Compare_prints_a_row_per_cell_with_average_and_task_drops()
    {
        var report = new ComparisonReport(["e2", "e1"],
        [
            new ComparisonRow("e2", "tiny.v1", "pgd", "dgba", 4, 0.25, new Dictionary<string, double> { ["depth_zbuffer"] = 0.3, ["normal"] = 0.2 }),
            new ComparisonRow("e1", "wide.v2", "fgsm", "single(normal)", 0.5, 0.125, new Dictionary<string, double> { ["normal"] = 0.125 }),
        ]);
        var api = new FakeApi().Json(HttpMethod.Get, "/v1/reports/compare", report);

        var run = await RemoteCli.Invoke(api, "reports", "compare", "--ids", "e2,e1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("?ids=e2,e1", api.Single(HttpMethod.Get, "/v1/reports/compare").Query);
        var lines = run.Output.Split('\n');
        Assert.Contains(lines, l => l.Contains("avg drop %") && l.Contains("depth_zbuffer %") && l.Contains("normal %"));
        Assert.Contains(lines, l => l.Contains("e2") && l.Contains("pgd") && l.Contains("dgba") && l.Contains("25.00") && l.Contains("30.00") && l.Contains("20.00"));
        Assert.Contains(lines, l => l.Contains("e1") && l.Contains("single(normal)") && l.Contains("0.5") && l.Contains("12.50"));
    }

    [Fact]
    public async Task Compare_needs_ids()
    {
        var api = new FakeApi();
        var run = await RemoteCli.Invoke(api, "reports", "compare");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("'--ids' is required", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Compare_of_evaluations_not_completed_is_the_servers_409()
    {
        var api = new FakeApi().Problem(HttpMethod.Get, "/v1/reports/compare", System.Net.HttpStatusCode.Conflict, "Not completed", "Evaluation 'e1' is running.");
        var run = await RemoteCli.Invoke(api, "reports", "compare", "--ids", "e1");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Equal("error: 409 Not completed: Evaluation 'e1' is running.", run.Error.Trim());
    }

    [Fact]
    public async Task Compare_as_html_writes_the_servers_page_to_the_file_asked()
    {
        using var temp = new TempFolder();
        string file = Path.Combine(temp.Path, "pages", "compare.html");
        const string page = "<!DOCTYPE html><html><body><svg></svg></body></html>";
        var api = new FakeApi().Text(HttpMethod.Get, "/v1/reports/compare", page, "text/html");

        var run = await RemoteCli.Invoke(api, "reports", "compare", "--ids", "e2,e1", "--format", "html", "--out", file);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("?ids=e2,e1&format=html", api.Single(HttpMethod.Get, "/v1/reports/compare").Query);
        Assert.Equal(page, File.ReadAllText(file));
        Assert.Contains($"Wrote {file}", run.Output);
    }

    [Fact]
    public async Task Compare_writes_a_file_only_as_html()
    {
        var api = new FakeApi();
        var run = await RemoteCli.Invoke(api, "reports", "compare", "--ids", "e1", "--out", "compare.txt");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("--format html", run.Error);
        Assert.Empty(api.Requests);
    }
}
