using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Visualization;

/// <summary>
/// Lays equally sized tiles out in rows under a row of column titles, enlarged or shrunk by a whole factor as
/// <see cref="ContactSheetLayout"/> decides, so every figure of the tool looks alike.
/// </summary>
public static class TileGrid
{
    private static readonly Rgb24 Background = new(40, 40, 40);
    private static readonly Rgb24 TitleColor = new(235, 235, 235);

    /// <param name="rows">Tiles row by row; every row has one tile per title, all of the first tile's size.</param>
    public static Image<Rgb24> Compose(IReadOnlyList<IReadOnlyList<Image<Rgb24>>> rows, IReadOnlyList<string> titles, ContactSheetOptions? options = null)
    {
        options ??= new ContactSheetOptions();
        if (rows.Count == 0) throw new ArgumentException("A grid needs at least one row.", nameof(rows));
        var bad = rows.FirstOrDefault(r => r.Count != titles.Count);
        if (bad is not null) throw new ArgumentException($"Every row needs {titles.Count} tiles (one per title); one has {bad.Count}.", nameof(rows));

        var first = rows[0][0];
        var layout = ContactSheetLayout.For(first.Height, first.Width, rows.Count, titles, options);
        var grid = Canvas(layout, titles, options);
        try
        {
            for (int row = 0; row < rows.Count; row++)
                for (int column = 0; column < titles.Count; column++)
                    Place(grid, layout, rows[row][column], row, column);
            return grid;
        }
        catch
        {
            grid.Dispose();
            throw;
        }
    }

    /// <summary>An empty grid of <paramref name="layout"/>'s size, with the column titles drawn when the options ask for a header.</summary>
    internal static Image<Rgb24> Canvas(ContactSheetLayout layout, IReadOnlyList<string> titles, ContactSheetOptions options)
    {
        var grid = new Image<Rgb24>(layout.Width, layout.Height, Background);
        if (options.Header) DrawTitles(grid, layout, titles);
        return grid;
    }

    /// <summary>Draws <paramref name="tile"/> into its cell, scaled to the cell size.</summary>
    internal static void Place(Image<Rgb24> grid, ContactSheetLayout layout, Image<Rgb24> tile, int row, int column) =>
        Blit(grid, layout, tile, layout.CellOrigin(row, column));

    private static void DrawTitles(Image<Rgb24> grid, ContactSheetLayout layout, IReadOnlyList<string> titles)
    {
        int glyphAdvance = (BitmapFont.GlyphWidth + BitmapFont.Spacing) * layout.TitleScale;
        int fitting = Math.Max(1, (layout.CellWidth + BitmapFont.Spacing * layout.TitleScale) / glyphAdvance);
        for (int column = 0; column < titles.Count; column++)
        {
            string title = titles[column].Length > fitting ? titles[column][..fitting] : titles[column];
            int left = layout.CellOrigin(0, column).X + (layout.CellWidth - BitmapFont.MeasureWidth(title, layout.TitleScale)) / 2;
            BitmapFont.Draw(grid, title, left, layout.Padding, layout.TitleScale, TitleColor);
        }
    }

    // Nearest neighbour, so label maps keep hard class boundaries and single-pixel perturbations stay visible.
    private static void Blit(Image<Rgb24> grid, ContactSheetLayout layout, Image<Rgb24> tile, Point origin)
    {
        for (int y = 0; y < layout.CellHeight; y++)
            for (int x = 0; x < layout.CellWidth; x++)
                grid[origin.X + x, origin.Y + y] = tile[x * tile.Width / layout.CellWidth, y * tile.Height / layout.CellHeight];
    }
}
