namespace MtlAttack.Cli.Tests.Commands;

/// <summary>Wrong model and attack command lines exit 2 with one line saying what to fix.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class ModelUsageErrorTests(TinyModel model)
{
    [Fact]
    public async Task An_unknown_algorithm_lists_the_known_ones()
    {
        var run = await Attack("--algorithms", "fgsm,cw");

        AssertOneLineUsageError(run);
        Assert.Contains("'cw'", run.Error);
        Assert.Contains("apgd", run.Error);
    }

    [Theory]
    [InlineData("--eps", "-1")]
    [InlineData("--eps=-1")]
    [InlineData("--eps", "2,-4")]
    public async Task A_negative_epsilon_is_refused(params string[] eps)
    {
        var run = await Attack(eps);

        AssertOneLineUsageError(run);
        Assert.Contains("--eps", run.Error);
        Assert.Contains("0..255", run.Error);
    }

    [Fact]
    public async Task More_epsilons_than_the_services_limit_are_refused_by_the_same_words()
    {
        var run = await Attack("--eps", string.Join(",", Enumerable.Range(1, 65).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        AssertOneLineUsageError(run);
        Assert.Contains("The evaluation lists 65 epsilons; the limit is 64 per evaluation (Limits:MaxEpsilons)", run.Error);
    }

    [Fact]
    public async Task A_missing_model_folder_is_named()
    {
        string missing = Path.Combine(Path.GetTempPath(), "mtlattack-no-model-" + Guid.NewGuid().ToString("N"));

        var run = await CliRun.Invoke("attack", "--model", missing, "--out", missing + "-report");

        AssertOneLineUsageError(run);
        Assert.Contains(missing, run.Error);
        Assert.False(Directory.Exists(missing + "-report"));
    }

    [Fact]
    public async Task A_folder_without_a_model_says_what_it_needs()
    {
        using var folder = new TempFolder();

        var run = await CliRun.Invoke("eval", "--model", folder.Path);

        AssertOneLineUsageError(run);
        Assert.Contains("model.json", run.Error);
    }

    [Fact]
    public async Task A_single_task_objective_naming_a_task_the_model_lacks_lists_its_tasks()
    {
        var run = await Attack("--objectives", "single(keypoints2d)");

        AssertOneLineUsageError(run);
        Assert.Contains("keypoints2d", run.Error);
        Assert.Contains("segment_semantic, normal, depth_zbuffer", run.Error);
    }

    [Fact]
    public async Task An_unknown_objective_lists_the_known_ones()
    {
        var run = await Attack("--objectives", "total,maxloss");

        AssertOneLineUsageError(run);
        Assert.Contains("maxloss", run.Error);
        Assert.Contains("dgba", run.Error);
    }

    [Fact]
    public async Task A_dataset_without_the_models_tasks_is_refused()
    {
        var run = await CliRun.Invoke("eval", "--model", model.Directory, "--dataset", "synthetic:count=10,size=16,tasks=normal");

        AssertOneLineUsageError(run);
        Assert.Contains("segment_semantic", run.Error);
    }

    [Fact]
    public async Task An_unknown_split_lists_the_splits()
    {
        var run = await CliRun.Invoke("eval", "--model", model.Directory, "--split", "val");

        AssertOneLineUsageError(run);
        Assert.Contains("train, test", run.Error);
    }

    [Fact]
    public async Task A_layout_for_another_number_of_tasks_is_refused()
    {
        using var folder = new TempFolder();

        var run = await CliRun.Invoke("train", "--dataset", TinyModel.Dataset, "--layout", "{0,1}|{0,1}|{0,1}|{0,1}|{0}{1}", "--out", folder.File("m"));

        AssertOneLineUsageError(run);
        Assert.Contains("3 tasks", run.Error);
        Assert.False(Directory.Exists(folder.File("m")));
    }

    [Fact]
    public async Task Adversarial_settings_without_adversarial_training_are_refused()
    {
        using var folder = new TempFolder();

        var run = await CliRun.Invoke("train", "--dataset", TinyModel.Dataset, "--adv-eps", "4", "--out", folder.File("m"));

        AssertOneLineUsageError(run);
        Assert.Contains("--adversarial", run.Error);
    }

    [Fact]
    public async Task An_unknown_device_is_refused()
    {
        var run = await CliRun.Invoke("eval", "--model", model.Directory, "--device", "tpu");

        AssertOneLineUsageError(run);
        Assert.Contains("tpu", run.Error);
    }

    [Fact]
    public async Task A_report_folder_of_another_evaluation_is_not_resumed()
    {
        using var folder = new TempFolder();
        var first = await AttackInto(folder.Path, "--algorithms", "fgsm", "--objectives", "total", "--eps", "1");
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());

        var other = await AttackInto(folder.Path, "--algorithms", "fgsm", "--objectives", "total", "--eps", "2");

        AssertOneLineUsageError(other);
        Assert.Contains("progress.jsonl", other.Error);
    }

    private Task<CliRun> Attack(params string[] extra) => AttackInto(Path.Combine(Path.GetTempPath(), "mtlattack-unused-" + Guid.NewGuid().ToString("N")), extra);

    private Task<CliRun> AttackInto(string output, params string[] extra) =>
        CliRun.Invoke(["attack", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--steps", "1", "--batch-size", "4", "--out", output, .. extra]);

    private static void AssertOneLineUsageError(CliRun run)
    {
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
