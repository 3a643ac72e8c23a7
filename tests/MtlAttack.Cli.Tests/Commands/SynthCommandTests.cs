namespace MtlAttack.Cli.Tests.Commands;

public sealed class SynthCommandTests
{
    [Fact]
    public async Task Synth_writes_an_nyuv2_dataset_that_info_reads_back_with_the_same_counts()
    {
        using var folder = new TempFolder();
        string output = folder.File("nyu");

        var synth = await CliRun.Invoke("dataset", "synth", "--out", output, "--count", "10", "--size", "16", "--seed", "3");

        Assert.True(synth.ExitCode == ExitCodes.Success, synth.ToString());
        Assert.Contains("scenes/s", synth.Output);
        Assert.Contains($"--dataset nyuv2:{output},size=16", synth.Output);

        var info = await CliRun.Invoke("dataset", "info", "--dataset", $"nyuv2:{output},size=16");

        Assert.True(info.ExitCode == ExitCodes.Success, info.ToString());
        Assert.Contains("train 8, test 2 (total 10)", info.Output);
        Assert.Contains("Size:          16 x 16", info.Output);
        Assert.Contains("Stored size:   16 x 16", info.Output);
        Assert.Contains("Targets read:  normal_encoding adashare", info.Output);
        Assert.Contains("BGR", info.Output);
        foreach (var task in new[] { "segment_semantic", "normal", "depth_zbuffer" })
            Assert.Contains(task, info.Output);
        Assert.DoesNotContain("keypoints2d", info.Output);
    }

    [Fact]
    public async Task Synth_with_the_taskonomy_tasks_writes_the_taskonomy_layout()
    {
        using var folder = new TempFolder();
        string output = folder.File("taskonomy");

        var synth = await CliRun.Invoke("dataset", "synth", "--out", output, "--count", "5", "--size", "16", "--tasks", "taskonomy");

        Assert.True(synth.ExitCode == ExitCodes.Success, synth.ToString());
        Assert.Contains($"--dataset taskonomy:{output}", synth.Output);

        var info = await CliRun.Invoke("dataset", "info", "--dataset", $"taskonomy:{output}");

        Assert.True(info.ExitCode == ExitCodes.Success, info.ToString());
        Assert.Contains("train 4, test 1 (total 5)", info.Output);
        Assert.Contains("Stored size:   16 x 16", info.Output);
        Assert.Contains("Tasks:         5", info.Output);
        foreach (var task in new[] { "segment_semantic", "normal", "depth_zbuffer", "keypoints2d", "edge_texture" })
            Assert.Contains(task, info.Output);
    }

    [Fact]
    public async Task Synth_accepts_the_five_tasks_listed_by_name()
    {
        using var folder = new TempFolder();
        string output = folder.File("five");

        var synth = await CliRun.Invoke("dataset", "synth", "--out", output, "--count", "3", "--size", "8",
            "--tasks", "segment_semantic,normal,depth_zbuffer,keypoints2d,edge_texture");

        Assert.True(synth.ExitCode == ExitCodes.Success, synth.ToString());
        Assert.Contains("Taskonomy layout", synth.Output);
    }

    [Fact]
    public async Task Synth_is_deterministic_by_seed()
    {
        using var folder = new TempFolder();
        string first = folder.File("a"), second = folder.File("b");

        var runA = await CliRun.Invoke("dataset", "synth", "--out", first, "--count", "3", "--size", "16", "--seed", "7");
        var runB = await CliRun.Invoke("dataset", "synth", "--out", second, "--count", "3", "--size", "16", "--seed", "7");

        Assert.True(runA.ExitCode == ExitCodes.Success, runA.ToString());
        Assert.True(runB.ExitCode == ExitCodes.Success, runB.ToString());
        var filesA = RelativeFiles(first);
        Assert.Equal(filesA, RelativeFiles(second));
        foreach (var file in filesA.Where(f => !f.EndsWith(".json", StringComparison.Ordinal)))
            Assert.Equal(File.ReadAllBytes(Path.Combine(first, file)), File.ReadAllBytes(Path.Combine(second, file)));
    }

    [Fact]
    public async Task Info_on_synthetic_scenes_names_the_segmentation_classes()
    {
        var info = await CliRun.Invoke("dataset", "info", "--dataset", "synthetic:count=20,size=32");

        Assert.True(info.ExitCode == ExitCodes.Success, info.ToString());
        Assert.Contains("train 16, test 4", info.Output);
        Assert.Contains("0 floor", info.Output);
        Assert.Contains("label 255 is ignored", info.Output);
    }

    private static List<string> RelativeFiles(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f)).Order(StringComparer.Ordinal).ToList();
}
