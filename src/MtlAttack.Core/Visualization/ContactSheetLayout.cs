using SixLabors.ImageSharp;

namespace MtlAttack.Core.Visualization;

/// <summary>
/// Geometry of a contact sheet: a grid of equal cells with <see cref="Padding"/> around and between them,
/// under an optional title row <see cref="HeaderHeight"/> high.
/// </summary>
public sealed record ContactSheetLayout(int Columns, int Rows, int CellWidth, int CellHeight, int Padding, int HeaderHeight, int TitleScale)
{
    public int Width => Columns * CellWidth + (Columns + 1) * Padding;
    public int Height => HeaderHeight + Rows * CellHeight + (Rows + 1) * Padding;

    public Point CellOrigin(int row, int column) =>
        new(Padding + column * (CellWidth + Padding), HeaderHeight + Padding + row * (CellHeight + Padding));

    /// <summary>Fits samples of <paramref name="sampleHeight"/> x <paramref name="sampleWidth"/> into cells and picks the largest title size that fits.</summary>
    public static ContactSheetLayout For(int sampleHeight, int sampleWidth, int rows, IReadOnlyList<string> titles, ContactSheetOptions options)
    {
        if (sampleHeight <= 0 || sampleWidth <= 0) throw new ArgumentException($"Samples must have a positive size, got {sampleHeight}x{sampleWidth}.");
        int longer = Math.Max(sampleHeight, sampleWidth);
        (int cellWidth, int cellHeight) = longer > options.MaxCellSize
            ? (Math.Max(1, sampleWidth / Ceiling(longer, options.MaxCellSize)), Math.Max(1, sampleHeight / Ceiling(longer, options.MaxCellSize)))
            : (sampleWidth * Math.Max(1, Ceiling(options.MinCellSize, longer)), sampleHeight * Math.Max(1, Ceiling(options.MinCellSize, longer)));

        int titleScale = titles.All(t => BitmapFont.MeasureWidth(t, 2) <= cellWidth) ? 2 : 1;
        int headerHeight = options.Header ? BitmapFont.MeasureHeight(titleScale) + 2 * options.Padding : 0;
        return new ContactSheetLayout(titles.Count, rows, cellWidth, cellHeight, options.Padding, headerHeight, titleScale);
    }

    private static int Ceiling(int numerator, int denominator) => (numerator + denominator - 1) / denominator;
}
