namespace MtlAttack.Cli.Tests.Commands;

/// <summary>Every wrong command line exits 2 with one line that says what to fix, never a stack trace.</summary>
public sealed class UsageErrorTests
{
    [Fact]
    public async Task A_malformed_spec_names_the_problem_and_the_accepted_forms()
    {
        var run = await CliRun.Invoke("dataset", "info", "--dataset", "nyu:/data");

        AssertOneLineUsageError(run);
        Assert.Contains("'nyu' is not a dataset kind", run.Error);
        Assert.Contains("nyuv2:PATH", run.Error);
        Assert.Contains("mtlattack dataset info --help", run.Error);
    }

    [Fact]
    public async Task A_spec_naming_a_missing_folder_says_which_folder()
    {
        string missing = Path.Combine(Path.GetTempPath(), "mtlattack-no-such-folder-" + Guid.NewGuid().ToString("N"));

        var run = await CliRun.Invoke("dataset", "info", "--dataset", $"nyuv2:{missing}");

        AssertOneLineUsageError(run);
        Assert.Contains(missing, run.Error);
    }

    [Fact]
    public async Task A_synthetic_spec_with_a_bad_value_says_which_value()
    {
        var run = await CliRun.Invoke("dataset", "preview", "--dataset", "synthetic:count=ten", "--out", "x.png");

        AssertOneLineUsageError(run);
        Assert.Contains("count 'ten' is not an integer", run.Error);
    }

    [Fact]
    public async Task A_missing_required_option_is_named()
    {
        var run = await CliRun.Invoke("dataset", "preview", "--dataset", "synthetic");

        AssertOneLineUsageError(run);
        Assert.Contains("--out", run.Error);
    }

    [Fact]
    public async Task A_non_positive_count_is_refused()
    {
        var run = await CliRun.Invoke("dataset", "synth", "--out", "unused", "--count", "0");

        AssertOneLineUsageError(run);
        Assert.Contains("--count must be a positive whole number", run.Error);
    }

    [Fact]
    public async Task Too_many_adversarial_examples_for_the_demo_are_refused_before_anything_runs()
    {
        var run = await CliRun.Invoke("demo", "--out", "/tmp/mtlattack-tests-never-made", "--save-adversarial", "65");

        AssertOneLineUsageError(run);
        Assert.Contains("--save-adversarial is at most 64 examples per cell, got 65.", run.Error);
        Assert.False(Directory.Exists("/tmp/mtlattack-tests-never-made"));
    }

    [Fact]
    public async Task An_unknown_task_lists_the_known_ones()
    {
        var run = await CliRun.Invoke("dataset", "synth", "--out", "unused", "--tasks", "segment_semantic,depth");

        AssertOneLineUsageError(run);
        Assert.Contains("'depth'", run.Error);
        Assert.Contains("depth_zbuffer", run.Error);
    }

    [Fact]
    public async Task A_task_set_no_layout_holds_is_refused_before_writing()
    {
        using var folder = new TempFolder();
        string output = folder.File("data");

        var run = await CliRun.Invoke("dataset", "synth", "--out", output, "--count", "4", "--size", "16", "--tasks", "segment_semantic,keypoints2d");

        AssertOneLineUsageError(run);
        Assert.Contains("layout", run.Error);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task An_unknown_option_is_named()
    {
        var run = await CliRun.Invoke("dataset", "info", "--dataset", "synthetic", "--colour");

        AssertOneLineUsageError(run);
        Assert.Contains("--colour", run.Error);
    }

    [Fact]
    public async Task A_missing_subcommand_points_at_help()
    {
        var run = await CliRun.Invoke("dataset");

        AssertOneLineUsageError(run);
        Assert.Contains("mtlattack dataset --help", run.Error);
    }

    [Fact]
    public async Task An_unknown_split_lists_the_splits()
    {
        using var folder = new TempFolder();

        var run = await CliRun.Invoke("dataset", "preview", "--dataset", "synthetic:count=4,size=16", "--out", folder.File("p.png"), "--split", "val");

        AssertOneLineUsageError(run);
        Assert.Contains("train, test", run.Error);
    }

    [Fact]
    public async Task Synth_refuses_a_folder_that_is_not_empty()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("notes.txt"), "keep me");

        var run = await CliRun.Invoke("dataset", "synth", "--out", folder.Path, "--count", "4", "--size", "16");

        AssertOneLineUsageError(run);
        Assert.Contains("--overwrite", run.Error);
        Assert.Equal("keep me", File.ReadAllText(folder.File("notes.txt")));
    }

    private static void AssertOneLineUsageError(CliRun run)
    {
        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
