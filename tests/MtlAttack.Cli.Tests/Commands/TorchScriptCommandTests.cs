namespace MtlAttack.Cli.Tests.Commands;

/// <summary>
/// <c>eval</c> and <c>attack</c> on a PyTorch network exported as TorchScript (tests/fixtures/torchscript, made by
/// make_fixtures.py): the same commands as for native checkpoints, and every refusal exits 2 with Core's message.
/// </summary>
public sealed class TorchScriptCommandTests
{
    private const string Dataset = "synthetic:count=10,size=32,seed=1";

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "torchscript", name);

    [Fact]
    public async Task Eval_scores_a_torchscript_model()
    {
        var run = await CliRun.Invoke("eval", "--model", Fixture("nyu3-traced"), "--dataset", Dataset, "--batch-size", "2");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("TorchScript model.pt", run.Output);
        Assert.Contains("segment_semantic", run.Output);
        Assert.Contains("depth_zbuffer", run.Output);
    }

    [Fact]
    public async Task Attack_runs_every_algorithm_and_objective_kind_and_saves_adversarial_examples()
    {
        using var folder = new TempFolder();

        var run = await CliRun.Invoke("attack", "--model", Fixture("nyu3-scripted"), "--dataset", Dataset,
            "--algorithms", "fgsm,pgd,apgd", "--objectives", "single,total,signsum,dgba,dgba-floor(0.5),dgba-protect(normal)",
            "--eps", "4", "--steps", "2", "--batch-size", "2", "--max-samples", "2", "--save-adversarial", "1", "--out", folder.Path);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.True(File.Exists(folder.File("report.json")));
        Assert.True(File.Exists(Path.Combine(folder.File("adversarial"), "pgd-dgba-eps4.safetensors")), run.ToString());
        string report = File.ReadAllText(folder.File("report.json"));
        foreach (var objective in new[] { "dgba-floor", "dgba-protect", "signsum", "single(normal)" })
            Assert.Contains(objective, report);
    }

    [Theory]
    [InlineData("dict-output", "returns a dict")]
    [InlineData("detached-head", "Task 'depth_zbuffer'")]
    [InlineData("four-channel", "The probe forward at the declared input size 32x32 failed")]
    public async Task A_module_that_cannot_be_attacked_exits_2_with_the_reason(string fixture, string message)
    {
        using var folder = new TempFolder();

        var run = await CliRun.Invoke("attack", "--model", Fixture(fixture), "--dataset", Dataset, "--out", folder.Path);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.StartsWith("error: ", run.Error);
        Assert.Contains(message, run.Error);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task A_dataset_without_the_models_tasks_exits_2()
    {
        var run = await CliRun.Invoke("eval", "--model", Fixture("taskonomy5"), "--dataset", Dataset);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("keypoints2d", run.Error);
    }
}
