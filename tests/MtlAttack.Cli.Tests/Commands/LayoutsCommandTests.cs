using System.Text.RegularExpressions;

namespace MtlAttack.Cli.Tests.Commands;

public sealed partial class LayoutsCommandTests
{
    [Fact]
    public async Task Three_tasks_over_five_blocks_have_51_layouts()
    {
        var run = await CliRun.Invoke("layouts", "--tasks", "3", "--blocks", "5", "--count");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal("51", run.Output.Trim());
    }

    [Fact]
    public async Task The_listing_has_one_row_per_layout_from_shared_to_independent()
    {
        var run = await CliRun.Invoke("layouts", "--tasks", "3", "--blocks", "5");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        var rows = Rows(run.Output);
        Assert.Equal(51, rows.Count);
        Assert.Equal(Enumerable.Range(0, 51).Select(i => i.ToString()), rows.Select(r => r.Index));
        Assert.Equal("{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}|{0,1,2}", rows[0].Layout);
        Assert.Equal("1.000", rows[0].Sharing);
        Assert.Equal("{0}{1}{2}|{0}{1}{2}|{0}{1}{2}|{0}{1}{2}|{0}{1}{2}", rows[^1].Layout);
        Assert.Equal("0.000", rows[^1].Sharing);
        Assert.True(long.Parse(rows[^1].Parameters) > long.Parse(rows[0].Parameters), "independent layouts have more parameters");
    }

    [Fact]
    public async Task Counting_works_for_sizes_too_large_to_list()
    {
        var run = await CliRun.Invoke("layouts", "--tasks", "8", "--blocks", "20", "--count");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.True(long.Parse(run.Output.Trim()) > 1_000_000_000);
    }

    [Fact]
    public async Task A_listing_is_cut_at_the_limit_and_says_how_many_remain()
    {
        var run = await CliRun.Invoke("layouts", "--tasks", "nyuv2", "--backbone", "resnet18", "--limit", "5");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Equal(5, Rows(run.Output).Count);
        Assert.Contains("46 more", run.Output);
        Assert.Contains("321x321", run.Output);
    }

    [Fact]
    public async Task A_block_count_other_than_the_backbones_can_be_counted_but_not_listed()
    {
        var run = await CliRun.Invoke("layouts", "--tasks", "3", "--blocks", "4");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("--count", run.Error);
    }

    [Fact]
    public async Task Counts_beyond_64_bits_are_refused_with_the_reason()
    {
        var run = await CliRun.Invoke("layouts", "--tasks", "10", "--blocks", "64", "--count");

        Assert.True(run.ExitCode == ExitCodes.Usage, run.ToString());
        Assert.Contains("64 bits", run.Error);
    }

    private static List<(string Index, string Layout, string Parameters, string Sharing)> Rows(string output) =>
        output.Split('\n').Select(line => RowPattern().Match(line)).Where(m => m.Success)
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value, m.Groups[3].Value, m.Groups[4].Value)).ToList();

    [GeneratedRegex(@"^\s*(\d+)\s+(\S+)\s+(\d+)\s+\S+\s+([\d.]+)\s*$")]
    private static partial Regex RowPattern();
}
