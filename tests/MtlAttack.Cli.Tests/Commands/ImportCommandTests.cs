using System.Text.Json;

namespace MtlAttack.Cli.Tests.Commands;

/// <summary><c>import treemtl</c> writes a native model folder and says which layout it is in both numberings.</summary>
public sealed class ImportCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "treemtl", name);

    [Fact]
    public async Task A_treemtl_checkpoint_becomes_a_native_model_folder()
    {
        using var folder = new TempFolder();
        string output = folder.File("imported");

        var run = await CliRun.Invoke("import", "treemtl", Fixture("checkpoint.model"), "--out", output, "--size", "65");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("(saved at iteration 199)", run.Output);
        Assert.Contains("Model:   resnet34 at width 1, tasks segment_semantic (40), normal (3), depth_zbuffer (1), input 65x65 BGR mean-subtracted", run.Output);
        Assert.Contains("Layout:  TreeMTL #32 [[{0, 1, 2}], [{0, 1, 2}], [{1, 2}, {0}], [{0}, {2}, {1}], [{0}, {2}, {1}]] = ours #", run.Output);
        Assert.Contains(" {0,1,2}|{0,1,2}|{0}{1,2}|{0}{1}{2}|{0}{1}{2}", run.Output);
        using var spec = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "model.json")));
        Assert.Equal(1, spec.RootElement.GetProperty("backboneWidth").GetInt32());
        Assert.Equal("treemtl", spec.RootElement.GetProperty("provenance").GetProperty("importedFormat").GetString());
        Assert.True(File.Exists(Path.Combine(output, "weights.safetensors")));
    }

    [Fact]
    public async Task A_bare_state_dict_needs_treemtls_layout_index()
    {
        using var folder = new TempFolder();

        var refused = await CliRun.Invoke("import", "treemtl", Fixture("state_dict.pt"), "--out", folder.File("a"));
        var imported = await CliRun.Invoke("import", "treemtl", Fixture("state_dict.pt"), "--out", folder.File("b"), "--layout", "32");

        Assert.True(refused.ExitCode == ExitCodes.Usage, refused.ToString());
        Assert.Contains("it has no pickled layout; give TreeMTL's layout index", refused.Error);
        Assert.False(Directory.Exists(folder.File("a")), "nothing is written when the import fails");
        Assert.True(imported.ExitCode == ExitCodes.Success, imported.ToString());
    }

    [Fact]
    public async Task An_existing_model_folder_is_not_overwritten()
    {
        using var folder = new TempFolder();
        string output = folder.File("imported");
        var first = await CliRun.Invoke("import", "treemtl", Fixture("checkpoint.model"), "--out", output);

        var second = await CliRun.Invoke("import", "treemtl", Fixture("checkpoint.model"), "--out", output);

        Assert.True(first.ExitCode == ExitCodes.Success, first.ToString());
        Assert.True(second.ExitCode == ExitCodes.Usage, second.ToString());
        Assert.Contains("already holds a model", second.Error);
    }

    [Fact]
    public async Task Layouts_can_show_treemtls_numbering_beside_ours()
    {
        var run = await CliRun.Invoke("layouts", "--tasks", "3", "--backbone", "resnet34", "--treemtl");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var rows = run.Output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Where(c => c.Length == 6 && c[0].All(char.IsAsciiDigit)).ToList();
        Assert.Equal(51, rows.Count);
        Assert.Contains(run.Output.Split('\n'), l => l.TrimStart().StartsWith("index  treemtl  layout", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(0, 51).Select(i => i.ToString()), rows.Select(r => r[1]).OrderBy(int.Parse));
        Assert.Equal(["0", "0", "{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}"], rows[0][..3]);
        // TreeMTL's #1 splits task 0 from tasks 1 and 2 at the stem; #32 is the fixture's layout.
        Assert.Equal("{0}{1,2}|{0}{1,2}|{0}{1,2}|{0}{1,2}|{0}{1,2}", rows.Single(r => r[1] == "1")[2]);
        Assert.Equal("{0,1,2}|{0,1,2}|{0}{1,2}|{0}{1}{2}|{0}{1}{2}", rows.Single(r => r[1] == "32")[2]);
    }
}
