using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using MtlAttack.Cli.Telemetry;
using MtlAttack.Core.Telemetry;
using MtlAttack.Grains.Telemetry;

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
        // The demo says where its page with charts is.
        Assert.True(File.Exists(Path.Combine(folder.Path, "report", "report.html")));
        Assert.Contains($"Charts: {Path.Combine(folder.Path, "report", "report.html")}", first.Output);
        Assert.True(File.Exists(Path.Combine(folder.Path, "state", "state.db")));

        // The second run traces: one trace from the demo's own span down to Core's attack work.
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("MtlAttack.", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        var second = await CliRun.Invoke(["demo", "--out", folder.Path, .. Tiny, "--trace", "console", "--save-adversarial", "2"]);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Using the cached model", second.Output);
        Assert.Contains("Adversarial examples: up to 2 per cell", second.Output);
        // A strip and the tensors for each of the 12 cells, saved by the grains.
        string adversarial = Path.Combine(folder.Path, "report", "adversarial");
        Assert.Equal(12, Directory.GetFiles(adversarial, "*.png").Length);
        Assert.Equal(12, Directory.GetFiles(adversarial, "*.safetensors").Length);

        var caller = Assert.Single(spans, s => s.DisplayName == CliTelemetry.Spans.DemoStart);
        Assert.Null(caller.Parent);
        Assert.Equal(default, caller.ParentSpanId);
        var trace = spans.Where(s => s.TraceId == caller.TraceId).ToList();
        Assert.Contains(trace, s => s.Source.Name == GrainTelemetry.SourceName && s.DisplayName == GrainTelemetry.Spans.Evaluation);
        Assert.Contains(trace, s => s.Source.Name == CoreTelemetry.SourceName && s.DisplayName == CoreTelemetry.Spans.Attack);
    }
}
