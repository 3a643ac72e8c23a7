using System.Text.Json;

namespace MtlAttack.Cli.Tests.Commands;

public class DemoCommandTests
{
    private static readonly string[] Tiny =
        ["--quick", "--dataset", "synthetic:count=40,size=16,seed=1", "--epochs", "1", "--max-samples", "4", "--eps", "2"];

    [Fact]
    public async Task TrainsOnceEvaluatesThroughTheEmbeddedSiloAndReusesTheModel()
    {
        using var folder = new TempFolder();
        var first = await CliRun.Invoke(["demo", "--out", folder.Path, .. Tiny]);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Training the default model", first.Output);
        Assert.Contains("Registered demo/default-small", first.Output);
        Assert.Contains("fgsm", first.Output);

        using (var report = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "report", "report.json"))))
        {
            // fgsm, pgd x (3 single + total + signsum + dgba) x one epsilon
            Assert.Equal(12, report.RootElement.GetProperty("cells").GetArrayLength());
            Assert.Equal(2, report.RootElement.GetProperty("transfer").GetArrayLength());
        }
        Assert.True(File.Exists(Path.Combine(folder.Path, "report", "report.md")));
        Assert.True(File.Exists(Path.Combine(folder.Path, "state", "state.db")));

        var second = await CliRun.Invoke(["demo", "--out", folder.Path, .. Tiny]);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Using the cached model", second.Output);
    }
}
