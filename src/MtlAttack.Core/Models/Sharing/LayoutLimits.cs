namespace MtlAttack.Core.Models.Sharing;

/// <summary>Bounds that keep enumeration and counting exact (counts are 64-bit) and parsing cheap.</summary>
public static class LayoutLimits
{
    public const int MaxTasks = 10;
    public const int MaxBlocks = 64;
}
