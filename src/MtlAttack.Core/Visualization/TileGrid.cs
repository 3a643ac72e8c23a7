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

    /// <param name="rows">How many rows the grid has.</param>
    /// <param name="fillRow">
    /// Adds one row's tiles, one per title, all of the first tile's size, to the list it is given; asked for row by row,
    /// the tiles are disposed once drawn (or when filling fails), so only one row of tiles is held at a time.
    /// </param>
    public static Image<Rgb24> Compose(int rows, Action<int, List<Image<Rgb24>>> fillRow, IReadOnlyList<string> titles, ContactSheetOptions? options = null)
    {
        options ??= new ContactSheetOptions();
        if (rows == 0) throw new ArgumentException("A grid needs at least one row.", nameof(rows));
        Image<Rgb24>? grid = null;
        ContactSheetLayout? layout = null;
        try
        {
            for (int row = 0; row < rows; row++)
            {
                var tiles = new List<Image<Rgb24>>();
                try
                {
                    fillRow(row, tiles);
                    if (tiles.Count != titles.Count)
                        throw new ArgumentException($"Every row needs {titles.Count} tiles (one per title); one has {tiles.Count}.", nameof(fillRow));
                    if (grid is null)
                    {
                        layout = ContactSheetLayout.For(tiles[0].Height, tiles[0].Width, rows, titles, options);
                        grid = new Image<Rgb24>(layout.Width, layout.Height, Background);
                        if (options.Header) DrawTitles(grid, layout, titles);
                    }
                    for (int column = 0; column < titles.Count; column++)
                        Blit(grid, layout!, tiles[column], layout!.CellOrigin(row, column));
                }
                finally
                {
                    foreach (var tile in tiles) tile.Dispose();
                }
            }
            return grid!;
        }
        catch
        {
            grid?.Dispose();
            throw;
        }
    }

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
