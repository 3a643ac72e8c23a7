namespace MtlAttack.Cli.Tests.Commands;

/// <summary>Failures the command line could not have prevented exit 1, still with one readable line.</summary>
public sealed class FailureTests
{
    [Fact]
    public async Task A_corrupt_dataset_index_exits_1_naming_the_file()
    {
        using var folder = new TempFolder();
        string index = folder.File("nyu_v2_3task.json");
        File.WriteAllText(index, "not json");

        var run = await CliRun.Invoke("dataset", "info", "--dataset", $"nyuv2:{folder.Path}");

        Assert.True(run.ExitCode == ExitCodes.Failure, run.ToString());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains(index, lines[0]);
        Assert.DoesNotContain("   at ", run.Error);
    }
}
