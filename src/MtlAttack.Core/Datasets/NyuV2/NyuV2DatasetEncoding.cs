using MtlAttack.Core.IO;

namespace MtlAttack.Core.Datasets.NyuV2;

/// <summary>
/// How NYUv2 targets are stored as pixels, shared by the reader and the writer so the two cannot drift apart.
/// Normals: a 3-channel PNG, R,G,B = x,y,z, value v in 0..255 meaning n = v / 255 * 2 - 1; all-zero pixels have no normal.
/// </summary>
internal static class NyuV2DatasetEncoding
{
    public static float NormalFromPixel(float value) => value / 255f * 2f - 1f;

    public static byte PixelFromNormal(float component) =>
        (byte)Math.Clamp(MathF.Round((component + 1f) / 2f * 255f), 0f, 255f);

    /// <summary>Depth files hold metres; zero or negative (or NaN) depth means no measurement.</summary>
    public static bool IsValidDepth(float depth) => depth > 0 && float.IsFinite(depth);

    /// <summary>A float32 depth .npy at the image's size; invalid depth (<= 0, NaN) is zeroed and masked out.</summary>
    public static (ImageData Depth, ImageData Mask) ReadDepth(string path, ImageData image)
    {
        var depth = NpyPlanes.Read(path, 1, "depth map", image.Height, image.Width);
        var mask = new float[depth.Pixels.Length];
        for (int i = 0; i < mask.Length; i++)
        {
            if (IsValidDepth(depth.Pixels[i])) mask[i] = 1f;
            else depth.Pixels[i] = 0f;
        }
        return (depth, depth with { Pixels = mask });
    }
}
