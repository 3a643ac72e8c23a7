using System.Text.Json;

namespace MtlAttack.Cli.Tests.Commands;

/// <summary>Loss forms and targeted goals on the command line: they run as cells of the report, and malformed ones exit 2 with one line.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class ShapedObjectiveCommandTests(TinyModel model)
{
    private Task<CliRun> Attack(string output, string objectives) => CliRun.Invoke(
    [
        "attack", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--algorithms", "pgd", "--objectives", objectives,
        "--eps", "4", "--steps", "2", "--batch-size", "2", "--max-samples", "2", "--out", output,
    ]);

    [Fact]
    public async Task Forms_and_targets_run_as_cells_named_canonically()
    {
        using var folder = new TempFolder();
        var run = await Attack(folder.Path, "dgba[cospgd],single[segpgd],dgba[segpgd]+target(normal=rotate:y:90, depth_zbuffer=shift:0.5)");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var document = JsonDocument.Parse(File.ReadAllText(folder.File("report.json")));
        var objectives = document.RootElement.GetProperty("cells").EnumerateArray().Select(c => c.GetProperty("objective").GetString()).ToList();
        Assert.Equal(["dgba[cospgd]", "single(segment_semantic)[segpgd]", "dgba[segpgd]+target(normal=rotate:y:90,depth_zbuffer=shift:0.5)"], objectives);
        Assert.Contains("dgba[cospgd]", run.Output);
    }

    [Theory]
    [InlineData("dgba[cos]", "write [segpgd] or [cospgd]")]
    [InlineData("single(depth_zbuffer)[cospgd]", "depth_zbuffer has one channel")]
    [InlineData("dgba+target(normal=spin:z:30)", "normal=rotate:x|y|z:DEGREES")]
    [InlineData("dgba+target(segment_semantic=class:3)[segpgd]", "then optionally +target")]
    [InlineData("dgba+target(segment_semantic=class:40)", "has classes 0..5")]
    public async Task Malformed_forms_and_targets_exit_2_with_one_line_saying_what_to_write(string objectives, string expected)
    {
        using var folder = new TempFolder();
        var run = await Attack(folder.Path, objectives);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, run.ToString());
        Assert.Contains(expected, run.Error);
    }
}
