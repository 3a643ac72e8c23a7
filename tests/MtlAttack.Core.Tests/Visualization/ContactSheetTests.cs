using MtlAttack.Core.Tasks;
using MtlAttack.Core.Visualization;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Tests.Visualization;

public sealed class ContactSheetTests
{
    private static readonly Rgb24 Black = new(0, 0, 0);

    [Fact]
    public void Columns_are_the_image_then_the_tasks_in_display_order()
    {
        Assert.Equal(
            ["image", TaskNames.SegmentSemantic, TaskNames.Depth, TaskNames.Normal, TaskNames.Edges, TaskNames.Keypoints],
            ContactSheet.Columns(new TinyDataset()));
    }

    [Fact]
    public void Small_samples_are_enlarged_by_a_whole_factor_until_the_longer_side_reaches_128()
    {
        var layout = ContactSheetLayout.For(TinyDataset.H, TinyDataset.W, rows: 1, ["IMAGE"], new ContactSheetOptions());

        Assert.Equal(43 * TinyDataset.W, layout.CellWidth);
        Assert.Equal(43 * TinyDataset.H, layout.CellHeight);
    }

    [Fact]
    public void Large_samples_are_shrunk_to_keep_the_sheet_viewable()
    {
        var layout = ContactSheetLayout.For(1024, 768, rows: 1, ["IMAGE"], new ContactSheetOptions());

        Assert.Equal((256, 192), (layout.CellHeight, layout.CellWidth));
    }

    [Fact]
    public void Every_task_is_coloured_as_documented()
    {
        using var sheet = ContactSheet.Render(new TinyDataset(), "test", 1);
        var layout = ContactSheetLayout.For(TinyDataset.H, TinyDataset.W, 1, ["KEYPOINTS"], new ContactSheetOptions());
        Rgb24 At(int column, int row, int x) => Sample(sheet, layout, column, row, x);

        // Image: BGR is shown as RGB.
        Assert.Equal(new Rgb24(255, 0, 0), At(0, 0, 1));
        Assert.Equal(new Rgb24(128, 128, 128), At(0, 1, 1));
        // Segmentation: palette per class, masked and ignored pixels black.
        Assert.Equal(Black, At(1, 0, 0));
        Assert.Equal(SegmentationPalette.ColorOf(1), At(1, 0, 1));
        Assert.Equal(SegmentationPalette.ColorOf(2), At(1, 0, 2));
        Assert.Equal(Black, At(1, 1, 0));
        // Depth: normalised over valid pixels only, so the masked outlier 99 does not flatten the rest.
        Assert.Equal(Black, At(2, 0, 0));
        Assert.Equal(Colormaps.Viridis(0), At(2, 0, 1));
        Assert.Equal(Colormaps.Viridis(1), At(2, 1, 2));
        // Normals: (n + 1) / 2 as RGB.
        Assert.Equal(new Rgb24(128, 128, 255), At(3, 1, 1));
        // Edges: grayscale, strongest white.
        Assert.Equal(new Rgb24(255, 255, 255), At(4, 0, 2));
        Assert.Equal(Black, At(4, 1, 1));
        // Keypoints: full heat is opaque white-hot; no heat shows the photo dimmed to gray.
        Assert.Equal(Colormaps.Hot(1), At(5, 1, 2));
        Assert.Equal(new Rgb24(64, 64, 64), At(5, 1, 1));
    }

    [Fact]
    public void Asking_for_a_split_the_dataset_lacks_names_the_splits()
    {
        var error = Assert.Throws<ArgumentException>(() => ContactSheet.Render(new TinyDataset(), "train", 1));
        Assert.Contains("test", error.Message);
    }

    // The centre of sample pixel (row, x) in the enlarged cell of the given column.
    private static Rgb24 Sample(Image<Rgb24> sheet, ContactSheetLayout layout, int column, int row, int x)
    {
        var origin = layout.CellOrigin(0, column);
        int scale = layout.CellWidth / TinyDataset.W;
        return sheet[origin.X + x * scale + scale / 2, origin.Y + row * scale + scale / 2];
    }
}
