using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Cli.Tests.Commands;

public sealed class PreviewCommandTests
{
    // A 16-pixel sample is enlarged 8x to a 128-pixel cell; 4 px padding around and between cells;
    // the title row is 7 px glyphs at scale 2 plus 4 px above and below.
    private const int Cell = 128, Padding = 4, Header = 7 * 2 + 2 * Padding;

    [Fact]
    public async Task Preview_writes_one_row_per_sample_and_a_column_per_task()
    {
        using var folder = new TempFolder();
        string png = folder.File("sheet.png");

        var run = await CliRun.Invoke("dataset", "preview", "--dataset", "synthetic:count=10,size=16,seed=2", "--out", png, "--count", "2", "--split", "train");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var sheet = Image.Load<Rgb24>(png);
        const int columns = 4, rows = 2; // image, segmentation, depth, normals
        Assert.Equal(columns * Cell + (columns + 1) * Padding, sheet.Width);
        Assert.Equal(Header + rows * Cell + (rows + 1) * Padding, sheet.Height);
        for (int row = 0; row < rows; row++)
            for (int column = 0; column < columns; column++)
                Assert.True(DistinctColors(sheet, row, column) > 1, $"cell row {row}, column {column} is blank");
        Assert.True(DistinctColorsIn(sheet, 0, 0, sheet.Width, Header) > 1, "the title row is blank");
    }

    [Fact]
    public async Task Preview_of_a_five_task_dataset_has_six_columns_and_defaults_to_the_test_split()
    {
        using var folder = new TempFolder();
        string png = folder.File("five.png");

        var run = await CliRun.Invoke("dataset", "preview", "--dataset", "synthetic:count=10,size=16,tasks=seg+sn+depth+keypoint+edge", "--out", png, "--count", "1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("split 'test'", run.Output);
        using var sheet = Image.Load<Rgb24>(png);
        Assert.Equal(6 * Cell + 7 * Padding, sheet.Width);
        for (int column = 0; column < 6; column++)
            Assert.True(DistinctColors(sheet, 0, column) > 1, $"column {column} is blank");
    }

    [Fact]
    public async Task Preview_shows_the_whole_split_when_asked_for_more_rows_than_it_has()
    {
        using var folder = new TempFolder();
        string png = folder.File("short.png");

        var run = await CliRun.Invoke("dataset", "preview", "--dataset", "synthetic:count=10,size=16", "--out", png, "--count", "50");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        Assert.Contains("only 2 samples", run.Output);
        using var sheet = Image.Load<Rgb24>(png);
        Assert.Equal(Header + 2 * Cell + 3 * Padding, sheet.Height);
    }

    [Fact]
    public async Task Preview_reads_a_dataset_written_by_synth()
    {
        using var folder = new TempFolder();
        string data = folder.File("nyu"), png = folder.File("nyu.png");
        var synth = await CliRun.Invoke("dataset", "synth", "--out", data, "--count", "5", "--size", "16");
        Assert.True(synth.ExitCode == ExitCodes.Success, synth.ToString());

        var run = await CliRun.Invoke("dataset", "preview", "--dataset", $"nyuv2:{data}", "--out", png, "--count", "1");

        Assert.True(run.ExitCode == ExitCodes.Success, run.ToString());
        using var sheet = Image.Load<Rgb24>(png);
        Assert.True(sheet.Width > 0 && DistinctColors(sheet, 0, 0) > 1);
    }

    private static int DistinctColors(Image<Rgb24> sheet, int row, int column) =>
        DistinctColorsIn(sheet, Padding + column * (Cell + Padding), Header + Padding + row * (Cell + Padding), Cell, Cell);

    private static int DistinctColorsIn(Image<Rgb24> sheet, int left, int top, int width, int height)
    {
        var colors = new HashSet<Rgb24>();
        for (int y = top; y < top + height; y++)
            for (int x = left; x < left + width; x++)
                colors.Add(sheet[x, y]);
        return colors.Count;
    }
}
