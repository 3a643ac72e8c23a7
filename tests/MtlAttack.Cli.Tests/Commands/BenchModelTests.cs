using System.Text.Json;

namespace MtlAttack.Cli.Tests.Commands;

/// <summary>
/// <c>bench --model DIR</c> on the fixture folders small-native and small-torchscript (the same network, native and
/// scripted), <c>--native-twin</c>, and the refusals. Speed is printed, never asserted.
/// </summary>
public sealed class BenchModelTests
{
    private static readonly string[] Tiny = ["--batch-size", "2", "--repeats", "1", "--steps", "2", "--iterations", "12", "--device", "cpu"];

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "torchscript", name);

    [Theory]
    [InlineData("small-native", "(small, layout")]
    [InlineData("small-torchscript", "(TorchScript model.pt")]
    public async Task Bench_times_a_model_folder_of_either_format(string fixture, string description)
    {
        var run = await CliRun.Invoke(["bench", "--model", Fixture(fixture), .. Tiny]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains(description, run.Output);
        Assert.Contains("random pixels and labels", run.Output);
        Assert.Contains("Per step:  DGBA", run.Output);
        foreach (var id in new[] { "[dgba-step]", "[attack-loop]", "[constrained-solve-floor-64]", "[memory-live-tensors]" })
            Assert.Contains(id, run.Output);
        Assert.DoesNotContain("[torchscript-vs-native]", run.Output);
    }

    [Fact]
    public async Task Bench_with_a_native_twin_reports_the_torchscript_over_native_ratio()
    {
        using var folder = new TempFolder();
        string json = folder.File("bench.json");

        var run = await CliRun.Invoke(["bench", "--model", Fixture("small-torchscript"), "--native-twin", Fixture("small-native"), "--json", json, .. Tiny]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("[torchscript-vs-native] TorchScript model's attack step / the same architecture built natively", run.Output);
        Assert.Contains("aim at most 1.05", run.Output);
        Assert.Contains("Twin:      ", run.Output);
        using var report = JsonDocument.Parse(File.ReadAllText(json));
        var ratio = report.RootElement.GetProperty("ratios")[0];
        Assert.Equal("torchscript-vs-native", ratio.GetProperty("id").GetString());
        double value = ratio.GetProperty("ratio").GetDouble();
        Assert.True(double.IsFinite(value) && value > 0, $"ratio {value}");
    }

    [Theory]
    [InlineData("dict-output", "returns a dict")]
    [InlineData("four-channel", "The probe forward at the declared input size 32x32 failed")]
    public async Task A_folder_core_refuses_exits_2_with_cores_message(string fixture, string message)
    {
        var run = await CliRun.Invoke(["bench", "--model", Fixture(fixture), .. Tiny]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        // Progress lines come first on stderr; the refusal is one "error:" message (the dict one shows the wrapper on further lines).
        Assert.Contains(run.Error.Split('\n'), line => line.StartsWith("error: ", StringComparison.Ordinal));
        Assert.Contains(message, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task A_twin_of_another_size_exits_2()
    {
        var run = await CliRun.Invoke(["bench", "--model", Fixture("nyu3-scripted"), "--native-twin", Fixture("small-native"), .. Tiny]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("The native twin takes 64x64 images but the TorchScript model 32x32", run.Error);
    }

    [Theory]
    [InlineData("--model", "no-such-folder", "--model 'no-such-folder' does not exist")]
    [InlineData("--native-twin", "no-such-folder", "--native-twin needs --model")]
    public async Task Usage_errors_exit_2_before_anything_is_timed(string option, string value, string message)
    {
        var run = await CliRun.Invoke(["bench", option, value, .. Tiny]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(message, run.Error);
        Assert.Equal("", run.Output);
    }

    [Theory]
    [InlineData("--backbone", "resnet18")]
    [InlineData("--size", "32")]
    [InlineData("--tasks", "taskonomy")]
    [InlineData("--service", null)]
    [InlineData("--solver", null)]
    public async Task Options_of_the_built_in_network_are_refused_with_a_model_folder(string option, string? value)
    {
        string[] given = value is null ? [option] : [option, value];
        var run = await CliRun.Invoke(["bench", "--model", Fixture("small-native"), .. given, .. Tiny]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains($"{option} does not apply with --model", run.Error);
    }

    [Fact]
    public async Task Service_and_solver_together_exit_2()
    {
        var run = await CliRun.Invoke(["bench", "--service", "--solver", .. Tiny]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("--service and --solver time different things", run.Error);
    }
}
