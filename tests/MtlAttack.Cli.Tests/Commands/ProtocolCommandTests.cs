using MtlAttack.Core.Evaluation;

namespace MtlAttack.Cli.Tests.Commands;

/// <summary><c>--protocol</c> on <c>attack</c> and <c>eval</c>: the reference's report notes, metrics and CSV; unknown names refused.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class ProtocolCommandTests(TinyModel model)
{
    [Fact]
    public async Task Attack_with_the_reference_protocol_writes_its_csv_beside_ours_and_names_its_quirks()
    {
        using var folder = new TempFolder();
        var run = await CliRun.Invoke(["attack", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--algorithms", "fgsm",
            "--objectives", "single,total,dgba", "--eps", "2", "--batch-size", "2", "--max-samples", "2", "--protocol", "reference", "--out", folder.Path]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var report = ReportWriter.FromJson(File.ReadAllText(folder.File("report.json")));
        Assert.Equal(EvaluationProtocol.Reference, report.ProtocolKind);
        Assert.NotEmpty(report.Notes!);
        Assert.True(File.Exists(folder.File("report.csv")));
        var csv = File.ReadAllLines(folder.File("reference-fgsm.csv"));
        Assert.StartsWith("version,epsilon,others,avg. acc.,avg loss,segm acc.", csv[0]);
        Assert.Equal(["ind_segm", "ind_norm", "ind_dept", "total_loss", "mtl"], csv.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains("## Protocol notes", File.ReadAllText(folder.File("report.md")));
    }

    [Fact]
    public async Task Attack_under_the_reference_protocol_without_eps_runs_the_references_sweep()
    {
        using var folder = new TempFolder();
        var run = await CliRun.Invoke(["attack", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--algorithms", "fgsm",
            "--objectives", "total", "--batch-size", "2", "--max-samples", "2", "--protocol", "reference", "--out", folder.Path]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var report = ReportWriter.FromJson(File.ReadAllText(folder.File("report.json")));
        // AttackBranchMTL.py's eps_lst: 1..9, then 10 to 16 in steps of 2.
        double[] sweep = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 12, 14, 16];
        Assert.Equal(sweep, report.Cells.Select(c => c.Epsilon).Distinct().Order());
        Assert.Equal(sweep, File.ReadAllLines(folder.File("reference-fgsm.csv")).Skip(1)
            .Select(l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Eval_with_the_reference_protocol_prints_the_references_metrics()
    {
        var run = await CliRun.Invoke("eval", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--protocol", "reference");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        foreach (var text in new[] { "Pixel Acc", "Angle Mean", "sigma_1.25" })
            Assert.Contains(text, run.Output);
    }

    [Theory]
    [InlineData("attack")]
    [InlineData("eval")]
    public async Task An_unknown_protocol_is_a_usage_error_naming_the_choices(string command)
    {
        using var folder = new TempFolder();
        var run = await CliRun.Invoke([command, "--model", model.Directory, "--protocol", "paper", .. command == "attack" ? new[] { "--out", folder.Path } : []]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("--protocol: Unknown protocol 'paper': use ours or reference.", run.Error);
    }
}
