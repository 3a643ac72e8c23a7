using System.Text.Json;

namespace MtlAttack.Cli.Tests.Commands;

public class BenchServiceTests
{
    [Fact]
    public async Task TheServicePathIsTimedAgainstCoreOnTheSameEvaluationAndBothGiveTheSameReport()
    {
        using var folder = new TempFolder();
        string json = Path.Combine(folder.Path, "bench.json");
        // No --threads: libtorch applies a new count only to threads that have not run torch work yet, and in this test
        // process earlier tests have, so the silo's threads and this one could sum in different orders and differ in
        // the last bits. A command run in its own process sets the count before any such thread exists.
        var run = await CliRun.Invoke("bench", "--service", "--size", "16", "--batch-size", "2", "--steps", "2", "--repeats", "1",
            "--device", "cpu", "--json", json);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("[service-path]", run.Output);
        Assert.Contains("identical", run.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var ratio = Assert.Single(report.RootElement.GetProperty("ratios").EnumerateArray());
        Assert.Equal("service-path", ratio.GetProperty("id").GetString());
        double value = ratio.GetProperty("ratio").GetDouble();
        Assert.True(double.IsFinite(value) && value > 0, $"ratio {value}");
    }
}
