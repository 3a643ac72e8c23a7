namespace MtlAttack.Core.Datasets.Taskonomy;

/// <summary>
/// How the reference Taskonomy loader (AdaShare/TreeMTL) turns stored pixels into targets, and the inverse the writer uses,
/// in one place so reader and writer agree.
/// segment_semantic: 8-bit labels, 0 = unlabelled, class = value - 1.
/// normal: RGB 8-bit, n = v / 255 * 2 - 1; valid where the depth is.
/// depth_zbuffer: 16-bit in 1/512 m, target log(1 + d) / log(2^16); valid where d &lt; 64500.
/// keypoints2d, edge_texture: 16-bit, target clip(v / 2^16, 0, s) / s * 2 - 1 with s = 0.005 and 0.08.
/// </summary>
internal static class TaskonomyDatasetEncoding
{
    public const float SixteenBitRange = 65536f;
    public const float DepthUnitsPerMetre = 512f;
    public const float FirstInvalidDepth = 64500f;
    public const ushort InvalidDepthPixel = ushort.MaxValue;
    public const float KeypointScale = 0.005f;
    public const float EdgeScale = 0.08f;

    private static readonly double LogSixteenBits = Math.Log(SixteenBitRange);

    public static bool IsValidDepthPixel(float raw) => raw < FirstInvalidDepth;

    public static float DepthFromPixel(float raw) => (float)(Math.Log(1.0 + raw) / LogSixteenBits);

    /// <summary>Metres to stored units, kept below the invalid range.</summary>
    public static ushort PixelFromDepthMetres(float metres) =>
        (ushort)Math.Clamp(MathF.Round(metres * DepthUnitsPerMetre), 0f, FirstInvalidDepth - 1f);

    public static float RescaledFromPixel(float raw, float scale) => Math.Clamp(raw / SixteenBitRange, 0f, scale) / scale * 2f - 1f;

    /// <summary>Inverse of <see cref="RescaledFromPixel"/> for targets in [-1,1] (others are clipped).</summary>
    public static ushort PixelFromRescaled(float target, float scale) =>
        (ushort)MathF.Round(Math.Clamp((target + 1f) / 2f, 0f, 1f) * scale * SixteenBitRange);

    public static float NormalFromPixel(float value) => value / 255f * 2f - 1f;

    public static byte PixelFromNormal(float component) =>
        (byte)Math.Clamp(MathF.Round((component + 1f) / 2f * 255f), 0f, 255f);
}
