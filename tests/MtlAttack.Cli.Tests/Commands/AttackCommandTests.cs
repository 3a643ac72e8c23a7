using System.Text.Json;
using MtlAttack.Core.Evaluation;
using MtlAttack.Core.Models.SafeTensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using TorchSharp;

namespace MtlAttack.Cli.Tests.Commands;

[Collection(TinyModelCollection.Name)]
public sealed class AttackCommandTests(TinyModel model)
{
    private static readonly string[] Tasks = ["segment_semantic", "normal", "depth_zbuffer"];

    private string[] AttackArgs(string reportDirectory, params string[] extra) =>
    [
        "attack", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--algorithms", "fgsm,pgd", "--objectives", "single,dgba",
        "--eps", "0,2", "--steps", "2", "--batch-size", "2", "--out", reportDirectory, .. extra,
    ];

    [Fact]
    public async Task Attack_runs_restarts_and_an_ensemble_and_reports_noise_and_diagnostics()
    {
        using var folder = new TempFolder();
        var run = await CliRun.Invoke(["attack", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--algorithms", "pgd,ensemble(fgsm,pgd)",
            "--objectives", "total", "--eps", "2", "--steps", "2", "--batch-size", "2", "--max-samples", "2", "--restarts", "2", "--random-start", "--out", folder.Path]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("2 cells and 1 noise baselines", run.Output);
        Assert.Contains("2 restarts", run.Output);
        var report = ReportWriter.FromJson(File.ReadAllText(folder.File("report.json")));
        Assert.Equal(["pgd", "ensemble(fgsm,pgd)"], report.Cells.Select(c => c.Algorithm));
        Assert.Equal("noise", Assert.Single(report.NoiseCells).Algorithm);
        // pgd: 2 restarts x 2 samples traced over 3 iterates; the ensemble's pgd member as many, its fgsm member once (fgsm takes no random start).
        Assert.Equal(4, report.Cells[0].Diagnostics!.TracedRuns);
        Assert.Equal(2 + 4, report.Cells[1].Diagnostics!.TracedRuns);
        Assert.Contains("## Diagnostics", File.ReadAllText(folder.File("report.md")));
    }

    [Theory]
    [InlineData("pgd", "300", "--eps: Epsilon 300 is outside the L-infinity budget of pgd, 0..255 pixel units")]
    [InlineData("pgd-l2", "1e9", "Epsilon 1000000000 is outside the L2 budget of pgd-l2, 0..")]
    [InlineData("ensemble(pgd,fgm)", "2", "share one norm")]
    public async Task Attack_refuses_a_budget_beyond_its_norms_bound_and_a_mixed_ensemble(string algorithm, string epsilon, string expected)
    {
        using var folder = new TempFolder();
        var run = await CliRun.Invoke(["attack", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--algorithms", algorithm,
            "--objectives", "total", "--eps", epsilon, "--out", folder.Path]);

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains(expected, run.Error);
    }

    [Fact]
    public async Task Attack_writes_the_report_with_the_documented_fields_and_eps_0_changes_nothing()
    {
        using var folder = new TempFolder();
        var run = await CliRun.Invoke(AttackArgs(folder.Path));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        foreach (var file in new[] { "report.json", "report.csv", "report.md", "report.html", "progress.jsonl" })
            Assert.True(File.Exists(folder.File(file)), $"{file} is missing");
        Assert.Contains($"Charts: {folder.File("report.html")}", run.Output);
        // The page is the report's: the same numbers as report.json, drawn again from it.
        Assert.Equal(ReportWriter.ToHtml(ReportWriter.FromJson(File.ReadAllText(folder.File("report.json")))), File.ReadAllText(folder.File("report.html")));
        Assert.Contains("average relative drop", run.Output);
        Assert.Contains("pgd", run.Output);

        using var document = JsonDocument.Parse(File.ReadAllText(folder.File("report.json")));
        var root = document.RootElement;
        Assert.Contains("best", root.GetProperty("model").GetString());
        Assert.Contains("synthetic", root.GetProperty("dataset").GetString());
        foreach (var task in Tasks)
            Assert.True(root.GetProperty("clean").GetProperty(task).GetProperty("metrics").EnumerateObject().Any(), $"clean has no metrics for {task}");

        var cells = root.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(2 * (3 + 1) * 2, cells.Count);
        foreach (var cell in cells)
        {
            string algorithm = cell.GetProperty("algorithm").GetString()!;
            string objective = cell.GetProperty("objective").GetString()!;
            double epsilon = cell.GetProperty("epsilon").GetDouble();
            Assert.Contains(algorithm, new[] { "fgsm", "pgd" });
            Assert.Contains(objective, new[] { "single(segment_semantic)", "single(normal)", "single(depth_zbuffer)", "dgba" });
            double drop = cell.GetProperty("avgRelativeDrop").GetDouble();
            foreach (var task in Tasks)
            {
                var effect = cell.GetProperty("tasks").GetProperty(task);
                double taskDrop = effect.GetProperty("relativeDrop").GetDouble();
                double lossChange = effect.GetProperty("relativeLossChange").GetDouble();
                Assert.True(effect.GetProperty("metrics").EnumerateObject().Any());
                if (epsilon == 0)
                {
                    Assert.Equal(0, taskDrop, 9);
                    Assert.Equal(0, lossChange, 9);
                }
            }
            if (epsilon == 0) Assert.Equal(0, drop, 9);
        }
        var dgbaAt2 = cells.Where(c => c.GetProperty("objective").GetString() == "dgba" && c.GetProperty("epsilon").GetDouble() == 2)
            .Select(c => c.GetProperty("tasks").EnumerateObject().Sum(t => t.Value.GetProperty("relativeLossChange").GetDouble()));
        Assert.All(dgbaAt2, sum => Assert.True(sum > 0, "DGBA at eps 2 should raise the losses"));

        var transfer = root.GetProperty("transfer").EnumerateArray().ToList();
        Assert.Equal(4, transfer.Count); // fgsm and pgd, eps 0 and 2
        Assert.All(transfer, m => Assert.Equal(3, m.GetProperty("relativeDrop").GetArrayLength()));
        Assert.StartsWith("version,epsilon", File.ReadAllText(folder.File("report.csv")));
    }

    [Fact]
    public async Task Rerunning_resumes_without_recomputing_and_gives_the_same_report()
    {
        using var folder = new TempFolder();
        var first = await CliRun.Invoke(AttackArgs(folder.Path));
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        string report = File.ReadAllText(folder.File("report.json"));

        var again = await CliRun.Invoke(AttackArgs(folder.Path));

        Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
        Assert.Contains("nothing left to compute", again.Output);
        Assert.Equal(report, File.ReadAllText(folder.File("report.json")));

        // A run stopped part-way: the journal lacks the last cell and one batch of the cell before it. Finishing it
        // computes only those and gives the same report.
        var journal = File.ReadAllLines(folder.File("progress.jsonl"));
        Assert.Equal(1 + 2 * (1 + 2 * 4 * 2), journal.Length); // header, then 2 batches for clean and for each of 16 cells
        File.WriteAllLines(folder.File("progress.jsonl"), journal[..^3]);

        var resumed = await CliRun.Invoke(AttackArgs(folder.Path));

        Assert.True(resumed.ExitCode == ExitCodes.Success, resumed.ToString());
        Assert.Contains("31 of 34 batches already done", resumed.Output);
        Assert.DoesNotContain("nothing left", resumed.Output);
        Assert.Equal(report, File.ReadAllText(folder.File("report.json")));
    }

    [Fact]
    public async Task Saved_adversarial_examples_are_within_epsilon_of_the_clean_images_and_drawn_as_a_strip()
    {
        using var folder = new TempFolder();
        var run = await CliRun.Invoke(AttackArgs(folder.Path, "--save-adversarial", "2"));

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        string adversarial = folder.File("adversarial");
        Assert.Equal(16, Directory.GetFiles(adversarial, "*.safetensors").Length);
        Assert.Equal(16, Directory.GetFiles(adversarial, "*.png").Length);

        foreach (var (stem, epsilon) in new[] { ("pgd-dgba-eps2", 2.0), ("fgsm-single_normal-eps2", 2.0), ("pgd-dgba-eps0", 0.0) })
        {
            using var scope = torch.NewDisposeScope();
            using var reader = SafeTensorsReader.Open(Path.Combine(adversarial, stem + ".safetensors"));
            Assert.Equal(["clean", "adversarial"], reader.Entries.Select(e => e.Name));
            var clean = reader.Read(reader.Entry("clean"));
            var attacked = reader.Read(reader.Entry("adversarial"));
            Assert.Equal(new long[] { 2, 3, 16, 16 }, clean.shape);
            Assert.Equal(clean.shape, attacked.shape);
            Assert.Equal(torch.ScalarType.Float32, attacked.dtype);
            double distance = (attacked - clean).abs().max().item<float>();
            Assert.True(distance <= epsilon + 1e-3, $"{stem}: L-inf distance {distance} exceeds eps {epsilon}");
            if (epsilon > 0) Assert.True(distance > epsilon / 2, $"{stem}: the attack barely moved ({distance})");
            Assert.InRange(clean.min().item<float>(), -1e-3, 255.001);
            Assert.InRange(attacked.max().item<float>(), -1e-3, 255.001);
            Assert.Equal("BGR", reader.Metadata["channel_order"]);

            using var strip = Image.Load<Rgb24>(Path.Combine(adversarial, stem + ".png"));
            Assert.True(strip.Width > strip.Height, "the strip has a column per image and task");
        }
    }

    [Fact]
    public async Task Saving_examples_again_into_a_finished_report_keeps_the_files()
    {
        using var folder = new TempFolder();
        var first = await CliRun.Invoke(AttackArgs(folder.Path, "--save-adversarial", "1"));
        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        string file = Path.Combine(folder.File("adversarial"), "pgd-dgba-eps2.safetensors");
        var written = File.GetLastWriteTimeUtc(file);
        byte[] bytes = File.ReadAllBytes(file);

        var again = await CliRun.Invoke(AttackArgs(folder.Path, "--save-adversarial", "1"));

        Assert.True(again.ExitCode == ExitCodes.Success, again.ToString());
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        Assert.Equal(bytes, File.ReadAllBytes(file));
    }
    [Fact]
    public async Task The_L2_algorithms_run_from_the_command_line_and_the_report_names_their_cells()
    {
        using var folder = new TempFolder();
        var run = await CliRun.Invoke(
        [
            "attack", "--model", model.Directory, "--dataset", TinyModel.Dataset, "--algorithms", "fgm,pgd-l2,apgd-l2", "--objectives", "dgba",
            "--eps", "0,60", "--steps", "2", "--batch-size", "2", "--save-adversarial", "1", "--out", folder.Path,
        ]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var document = JsonDocument.Parse(File.ReadAllText(folder.File("report.json")));
        var cells = document.RootElement.GetProperty("cells").EnumerateArray().ToList();
        Assert.Equal(["apgd-l2", "fgm", "pgd-l2"], cells.Select(c => c.GetProperty("algorithm").GetString()).Distinct().Order());
        Assert.Equal(3 * 2, cells.Count);
        foreach (var cell in cells.Where(c => c.GetProperty("epsilon").GetDouble() == 60))
            Assert.True(cell.GetProperty("tasks").EnumerateObject().Sum(t => t.Value.GetProperty("relativeLossChange").GetDouble()) > 0,
                $"{cell.GetProperty("algorithm").GetString()} x dgba at L2 eps 60 should raise the losses");
        string markdown = File.ReadAllText(folder.File("report.md"));
        foreach (var name in new[] { "fgm", "pgd-l2", "apgd-l2" }) Assert.Contains(name, markdown);

        // The saved examples are within the per-image L2 ball (60 over 3 x 16 x 16 values, not an L-inf bound).
        foreach (var stem in new[] { "fgm-dgba-eps60", "pgd-l2-dgba-eps60", "apgd-l2-dgba-eps60" })
        {
            using var scope = torch.NewDisposeScope();
            using var reader = SafeTensorsReader.Open(Path.Combine(folder.File("adversarial"), stem + ".safetensors"));
            var offset = reader.Read(reader.Entry("adversarial")) - reader.Read(reader.Entry("clean"));
            var norms = offset.flatten(1).square().sum(1).sqrt();
            Assert.True(norms.max().item<float>() <= 60 + 1e-2, $"{stem}: L2 distance {norms.max().item<float>()} exceeds eps 60");
            Assert.True(norms.min().item<float>() > 1, $"{stem}: the attack barely moved");
        }
    }
}
