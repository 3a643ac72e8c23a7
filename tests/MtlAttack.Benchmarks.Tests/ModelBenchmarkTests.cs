using System.Text.Json;
using MtlAttack.Benchmarks;
using MtlAttack.Core.Models;
using MtlAttack.Core.Tasks;
using Xunit.Abstractions;

namespace MtlAttack.Benchmarks.Tests;

/// <summary>
/// The benchmark on model folders (tests/fixtures/torchscript: small-native and small-torchscript are the same
/// network, native and scripted, 64 px). As for the built-in benchmark, nothing here asserts a time or a ratio's
/// size: the report is where speed is read.
/// </summary>
public class ModelBenchmarkTests(ITestOutputHelper output)
{
    private static readonly BenchmarkOptions Tiny = new()
    {
        BatchSize = 2,
        Repeats = 2,
        Warmup = 1,
        AttackSteps = 2,
        Iterations = 12,
        Device = "cpu",
    };

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "torchscript", name);

    private static readonly string[] PerModelRatios =
    [
        RatioIds.DgbaStep, "reference-direction", "attack-loop", "constrained-solve-protect-64", "constrained-solve-floor-64",
        "memory-working-set", "memory-private", "memory-live-tensors",
    ];

    [Theory]
    [InlineData("small-native", "native", "small")]
    [InlineData("small-torchscript", "torchscript", "torchscript")]
    public void TimesAModelFolderOfEitherFormatThroughItsAttackTarget(string fixture, string format, string backbone)
    {
        var report = ModelBenchmark.Run(Fixture(fixture), nativeTwinDirectory: null, Tiny);
        Print(report);

        Assert.Equal(PerModelRatios, report.Ratios.Select(r => r.Id));
        AssertMeasured(report);
        var setup = report.Setup;
        Assert.Equal(format, setup.Format);
        Assert.Equal(backbone, setup.Backbone);
        Assert.Equal(Path.GetFullPath(Fixture(fixture)), setup.Model);
        Assert.Null(setup.NativeTwin);
        Assert.Equal(TaskNames.NyuV2, setup.Tasks);
        Assert.Equal((64, 64), (setup.InputHeight, setup.InputWidth));
        Assert.Empty(setup.SolveSizes);
    }

    [Fact]
    public void WithANativeTwinTheTorchScriptStepIsTimedAgainstTheNativeOneFirst()
    {
        var report = ModelBenchmark.Run(Fixture("small-torchscript"), Fixture("small-native"), Tiny);
        Print(report);

        Assert.Equal([RatioIds.TorchScriptVersusNative, .. PerModelRatios], report.Ratios.Select(r => r.Id));
        AssertMeasured(report);
        var twin = report[RatioIds.TorchScriptVersusNative];
        Assert.Equal(RatioAim.AtMost(1.05), twin.Aim);
        Assert.StartsWith("TorchScript", twin.Numerator.Label);
        Assert.StartsWith("native", twin.Denominator.Label);
        // make_fixtures.py gave both the same weights: the note says so, and the timing compares like with like.
        Assert.Contains("the twin computes the same function", twin.Note);
        Assert.Equal(Path.GetFullPath(Fixture("small-native")), report.Setup.NativeTwin);

        using var json = JsonDocument.Parse(report.ToJson());
        Assert.Equal(RatioIds.TorchScriptVersusNative, json.RootElement.GetProperty("ratios")[0].GetProperty("id").GetString());
        Assert.Equal("torchscript", json.RootElement.GetProperty("setup").GetProperty("format").GetString());
    }

    [Theory]
    [InlineData("small-native", "small-native", "holds a native one")]
    [InlineData("small-torchscript", "small-torchscript", "holds a TorchScript model")]
    [InlineData("nyu3-scripted", "small-native", "the twin must take the same size")]
    public void ATwinThatCannotStandForTheModelIsRefusedSayingWhy(string model, string twin, string message)
    {
        var e = Assert.Throws<ModelRefusedException>(() =>
            ModelBenchmark.Run(Fixture(model), Fixture(twin), Tiny));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void AFolderThatCannotBeLoadedIsRefusedWithCoresMessage()
    {
        var e = Assert.Throws<ModelRefusedException>(() => ModelBenchmark.Run(Fixture("dict-output"), null, Tiny));
        Assert.Contains("returns a dict", e.Message);
    }

    private static void AssertMeasured(BenchmarkReport report)
    {
        foreach (var ratio in report.Ratios)
        {
            Assert.True(double.IsFinite(ratio.Ratio) && ratio.Ratio > 0, $"{ratio.Id}: ratio {ratio.Ratio}");
            Assert.NotNull(ratio.Aim);
            Assert.Contains(ratio.Verdict, new[] { "PASS", "ABOVE AIM", "BELOW AIM" });
            foreach (var side in new[] { ratio.Numerator, ratio.Denominator })
            {
                Assert.All(side.Samples, v => Assert.True(double.IsFinite(v) && v > 0, $"{ratio.Id}/{side.Label}: sample {v}"));
                Assert.Equal(side.Unit == Measurement.Seconds ? Tiny.Repeats : 1, side.Samples.Count);
            }
        }
    }

    private void Print(BenchmarkReport report)
    {
        foreach (var ratio in report.Ratios)
            output.WriteLine($"{ratio.Id}: {ratio.Numerator.Median:G4} / {ratio.Denominator.Median:G4} = {ratio.Ratio:0.000} ({ratio.Aim}) {ratio.Verdict}");
    }
}
