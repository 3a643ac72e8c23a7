using System.Text.Json;

namespace MtlAttack.Cli.Tests.Commands;

/// <summary>The reference code's algorithms on the command line: saga and aar run as cells; a pair saga refuses exits 2 with one line.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class ReferenceAlgorithmCommandTests(TinyModel model)
{
    private Task<CliRun> Attack(string output, string algorithms, string objectives) => CliRun.Invoke(
    [
        "attack", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--algorithms", algorithms, "--objectives", objectives,
        "--eps", "4", "--steps", "2", "--batch-size", "2", "--max-samples", "2", "--out", output,
    ]);

    [Fact]
    public async Task Saga_and_aar_run_as_cells()
    {
        using var folder = new TempFolder();
        var run = await Attack(folder.Path, "saga,aar", "total,dgba");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var document = JsonDocument.Parse(File.ReadAllText(folder.File("report.json")));
        var cells = document.RootElement.GetProperty("cells").EnumerateArray()
            .Select(c => $"{c.GetProperty("algorithm").GetString()} x {c.GetProperty("objective").GetString()}").ToList();
        Assert.Equal(["saga x total", "saga x dgba", "aar x total", "aar x dgba"], cells);
    }

    [Fact]
    public async Task A_pair_saga_refuses_exits_2_with_one_line_naming_what_it_takes()
    {
        using var folder = new TempFolder();
        var run = await Attack(folder.Path, "saga", "signsum");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("takes single, single(TASK), total and dgba", run.Error);
    }
}
