namespace MtlAttack.Cli.Tests.Commands;

public sealed class HelpTests
{
    [Fact]
    public async Task Root_help_lists_the_dataset_command()
    {
        var run = await CliRun.Invoke("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("dataset", run.Output);
        Assert.Contains("Usage:", run.Output);
    }

    [Fact]
    public async Task Root_help_lists_the_model_and_attack_commands()
    {
        var run = await CliRun.Invoke("--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var command in new[] { "layouts", "train", "eval", "attack" })
            Assert.Contains(command, run.Output);
    }

    [Theory]
    [InlineData("layouts", "--tasks", "--blocks", "--backbone", "--size", "--count")]
    [InlineData("train", "--dataset", "--tasks", "--backbone", "--layout", "--epochs", "--batch-size", "--seed", "--out", "--lr", "--resume", "--adversarial", "--adv-objective", "--adv-eps", "--adv-steps", "--adv-ratio", "--device")]
    [InlineData("eval", "--model", "--dataset", "--split", "--json", "--batch-size", "--device")]
    [InlineData("attack", "--model", "--dataset", "--algorithms", "--objectives", "--eps", "--steps", "--out", "--save-adversarial", "--batch-size", "--seed", "--max-samples", "--random-start", "--device")]
    public async Task Model_command_help_lists_its_options(string command, params string[] options)
    {
        var run = await CliRun.Invoke(command, "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var option in options)
            Assert.Contains(option, run.Output);
    }

    [Fact]
    public async Task Dataset_help_lists_synth_info_and_preview()
    {
        var run = await CliRun.Invoke("dataset", "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var command in new[] { "synth", "info", "preview" })
            Assert.Contains(command, run.Output);
    }

    [Theory]
    [InlineData("synth", "--out", "--count", "--size", "--seed", "--tasks")]
    [InlineData("info", "--dataset")]
    [InlineData("preview", "--dataset", "--out", "--count", "--split")]
    public async Task Subcommand_help_lists_its_options(string command, params string[] options)
    {
        var run = await CliRun.Invoke("dataset", command, "--help");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        foreach (var option in options)
            Assert.Contains(option, run.Output);
    }
}
