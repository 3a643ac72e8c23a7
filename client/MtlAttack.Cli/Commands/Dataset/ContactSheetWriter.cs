using MtlAttack.Cli.Commands.Shared.ModelAccess;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Visualization;
using SixLabors.ImageSharp;

namespace MtlAttack.Cli.Commands.Dataset;

/// <summary><c>dataset preview</c>: renders the contact sheet and saves it as PNG.</summary>
public static class ContactSheetWriter
{
    /// <returns>How many samples the sheet shows (fewer than asked when the split is smaller).</returns>
    public static int Write(IMultiTaskDataset dataset, string split, int count, string outputPath, TextWriter output)
    {
        SplitChoice.Check(dataset, split);
        int available = dataset.Count(split);
        if (!outputPath.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"--out must name a .png file, got '{outputPath}'.");

        int rows = Math.Min(count, available);
        using var sheet = ContactSheet.Render(dataset, split, rows);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(outputPath));
        if (folder is not null) Directory.CreateDirectory(folder);
        sheet.SaveAsPng(outputPath);

        var columns = ContactSheet.Columns(dataset);
        output.WriteLine($"Wrote {outputPath}: {sheet.Width} x {sheet.Height} px, {rows} sample{(rows == 1 ? "" : "s")} of split '{split}', columns {string.Join(", ", columns)}.");
        if (rows < count)
            output.WriteLine($"Split '{split}' has only {available} sample{(available == 1 ? "" : "s")}; showed all of them.");
        return rows;
    }
}
