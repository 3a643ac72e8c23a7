namespace MtlAttack.Core.Visualization;

public sealed record ContactSheetOptions
{
    /// <summary>Smaller samples are enlarged by a whole factor (nearest neighbour) until their longer side reaches this.</summary>
    public int MinCellSize { get; init; } = 128;

    /// <summary>Larger samples are shrunk by a whole factor until their longer side is at most this, to keep sheets viewable.</summary>
    public int MaxCellSize { get; init; } = 320;

    /// <summary>Gap around and between cells, in pixels.</summary>
    public int Padding { get; init; } = 4;

    /// <summary>Whether to draw a row of column titles above the samples.</summary>
    public bool Header { get; init; } = true;
}
