using System.Text.Json;

namespace MtlAttack.Cli.Tests.Commands;

[Collection(TinyModelCollection.Name)]
public sealed class TrainAndEvalCommandTests(TinyModel model)
{
    [Fact]
    public void Training_writes_best_and_last_checkpoints_and_says_where()
    {
        foreach (var folder in new[] { "best", "last" })
        {
            Assert.True(File.Exists(Path.Combine(model.Directory, folder, "model.json")), $"{folder}/model.json is missing");
            Assert.True(File.Exists(Path.Combine(model.Directory, folder, "weights.safetensors")), $"{folder}/weights.safetensors is missing");
        }
        Assert.Contains($"Best checkpoint: {Path.Combine(model.Directory, "best")}", model.Training.Output);
        Assert.Contains($"Last checkpoint: {Path.Combine(model.Directory, "last")}", model.Training.Output);
        Assert.Contains("epoch 1/1: train loss", model.Training.Output);
        Assert.Contains("mIoU", model.Training.Output);
    }

    [Fact]
    public async Task Eval_prints_every_task_metric_and_writes_them_as_json()
    {
        using var folder = new TempFolder();
        string json = folder.File("clean.json");

        var run = await CliRun.Invoke("eval", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--json", json);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        foreach (var text in new[] { "segment_semantic", "mIoU", "normal", "angle_mean", "depth_zbuffer", "abs_err", Path.Combine(model.Directory, "best") })
            Assert.Contains(text, run.Output);
        using var document = JsonDocument.Parse(File.ReadAllText(json));
        var root = document.RootElement;
        Assert.Equal("test", root.GetProperty("split").GetString());
        Assert.Equal(4, root.GetProperty("samples").GetInt32());
        var seg = root.GetProperty("tasks").GetProperty("segment_semantic");
        Assert.True(seg.GetProperty("loss").GetDouble() > 0);
        double miou = seg.GetProperty("metrics").GetProperty("mIoU").GetDouble();
        Assert.InRange(miou, 0, 1);
    }

    [Fact]
    public async Task Eval_uses_the_training_dataset_when_none_is_given_and_accepts_a_checkpoint_folder()
    {
        var run = await CliRun.Invoke("eval", "--model", Path.Combine(model.Directory, "last"), "--split", "train");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("synthetic:count=20,size=16,seed=2", run.Output);
        Assert.Contains("split 'train' (16 samples)", run.Output);
    }

    [Fact]
    public async Task Training_resumes_from_last_with_the_recorded_settings()
    {
        using var folder = new TempFolder();
        string output = folder.File("run");
        CopyDirectory(model.Directory, output);

        var run = await CliRun.Invoke("train", "--out", output, "--resume", "--epochs", "2");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Resuming", run.Output);
        Assert.Contains("after epoch 1 of 2", run.Output);
        Assert.Contains("Trained 1 epoch (2..2 of 2)", run.Output);
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "last", "training-state.json")));
        Assert.Equal(2, state.RootElement.GetProperty("completedEpochs").GetInt32());
    }

    [Fact]
    public async Task Training_into_a_folder_that_holds_a_run_needs_resume_or_overwrite()
    {
        var run = await CliRun.Invoke("train", "--dataset", TinyModel.Dataset, "--epochs", "1", "--out", model.Directory);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("--resume", run.Error);
        Assert.Contains("--overwrite", run.Error);
    }

    [Fact]
    public async Task Adversarial_training_records_its_attack_in_the_model()
    {
        using var folder = new TempFolder();
        string output = folder.File("adv");

        var run = await CliRun.Invoke("train", "--dataset", TinyModel.Dataset, "--epochs", "1", "--batch-size", "8", "--out", output,
            "--adversarial", "pgd", "--adv-objective", "dgba", "--adv-eps", "2", "--adv-steps", "1", "--adv-ratio", "0.5");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Adversarial: pgd x dgba, eps 2, 1 steps", run.Output);
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "best", "model.json")));
        var provenance = spec.RootElement.GetProperty("provenance");
        Assert.Equal("pgd", provenance.GetProperty("adversarial").GetString());
        Assert.Equal("dgba", provenance.GetProperty("adv_objective").GetString());
    }

    [Fact]
    public async Task The_reference_protocol_brings_the_reference_attack_settings_and_records_itself()
    {
        using var folder = new TempFolder();
        string output = folder.File("reference");

        var run = await CliRun.Invoke("train", "--dataset", TinyModel.Dataset, "--epochs", "1", "--batch-size", "8", "--out", output,
            "--adv-protocol", "reference", "--adv-steps", "2");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("Adversarial: fgsm x total, eps 8, 2 steps, reference protocol (a clean step, then a step on the whole batch attacked)", run.Output);
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "best", "model.json")));
        var provenance = spec.RootElement.GetProperty("provenance");
        Assert.Equal("reference", provenance.GetProperty("adv_protocol").GetString());
        Assert.Equal("fgsm", provenance.GetProperty("adversarial").GetString());
        Assert.Equal("8", provenance.GetProperty("adv_epsilon").GetString());
    }

    [Theory]
    [InlineData("--adv-ratio has no effect under --adv-protocol reference", "--adv-protocol", "reference", "--adv-ratio", "0.5")]
    [InlineData("--adv-protocol configures adversarial training", "--adv-protocol", "mixed")]
    [InlineData("--adv-protocol 'alternating' is not one of mixed, reference", "--adv-protocol", "alternating")]
    public async Task Adversarial_protocol_misuse_is_a_usage_error(string message, params string[] options)
    {
        using var folder = new TempFolder();
        var run = await CliRun.Invoke(["train", "--dataset", TinyModel.Dataset, "--epochs", "1", "--out", folder.File("x"), .. options]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(message, run.Error);
    }

    private static void CopyDirectory(string source, string target)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
    }
}
