using MtlAttack.Core.IO;

namespace MtlAttack.Core.Datasets.NyuV2;

/// <summary>
/// How NYUv2 targets are stored as pixels, shared by the reader and the writer so the two cannot drift apart.
/// Normals are a 3-channel PNG holding R,G,B = x,y,z as v = round((n + 1) / 2 * 255), the way NYUv2 normal maps are
/// distributed; how a reader turns them into targets is the dataset's <see cref="NyuV2NormalEncoding"/>.
/// </summary>
internal static class NyuV2DatasetEncoding
{
    /// <summary>The index-file key that names the normal encoding.</summary>
    public const string NormalEncodingKey = "normal_encoding";

    /// <summary>The marker of a pixel without a normal in the AdaShare encoding: the reference ignores any channel at 255.</summary>
    public const byte AdaShareIgnoreValue = 255;

    public static string Name(NyuV2NormalEncoding encoding) => encoding switch
    {
        NyuV2NormalEncoding.AdaShare => "adashare",
        NyuV2NormalEncoding.SignedRgb => "signed-rgb",
        _ => throw new ArgumentOutOfRangeException(nameof(encoding), encoding, "Unknown normal encoding."),
    };

    /// <summary>
    /// The encoding an index file names; without the key, AdaShare's release (no <c>num_classes</c> either) is read the
    /// reference's way and an MtlAttack export from before the key (it always wrote <c>num_classes</c>) the old way.
    /// </summary>
    public static NyuV2NormalEncoding Of(JsonSplitIndex index, string classCountKey)
    {
        if (!index.Properties.TryGetValue(NormalEncodingKey, out var value))
            return index.Properties.ContainsKey(classCountKey) ? NyuV2NormalEncoding.SignedRgb : NyuV2NormalEncoding.AdaShare;
        var text = value.ValueKind == System.Text.Json.JsonValueKind.String ? value.GetString() : null;
        foreach (var encoding in Enum.GetValues<NyuV2NormalEncoding>())
            if (text == Name(encoding)) return encoding;
        throw new DataFileException(index.FilePath, $"has \"{NormalEncodingKey}\": {value.GetRawText()}; expected \"{Name(NyuV2NormalEncoding.AdaShare)}\" "
            + $"(the reference's raw BGR values) or \"{Name(NyuV2NormalEncoding.SignedRgb)}\" (MtlAttack exports made before the key existed)");
    }

    /// <summary>
    /// The normal encoding a model trained by MtlAttack on an <c>nyuv2:</c> folder before models recorded it was trained
    /// with: every such folder was then read as <see cref="NyuV2NormalEncoding.SignedRgb"/>. Null for anything else
    /// (other datasets, imported models).
    /// </summary>
    public static string? ReadBeforeTheKey(IReadOnlyDictionary<string, string> provenance) =>
        provenance.ContainsKey(Training.TrainingProvenance.TrainerKey)
        && provenance.TryGetValue(Training.TrainingProvenance.DatasetKey, out var dataset) && dataset.StartsWith("nyuv2:", StringComparison.OrdinalIgnoreCase)
            ? Name(NyuV2NormalEncoding.SignedRgb)
            : null;

    /// <summary>The old reading (<see cref="NyuV2NormalEncoding.SignedRgb"/>) of one stored component.</summary>
    public static float NormalFromPixel(float value) => value / 255f * 2f - 1f;

    /// <summary>The old reading (<see cref="NyuV2NormalEncoding.SignedRgb"/>) of one pixel stored as R, G, B; null (no normal) when all three are 0.</summary>
    public static (float X, float Y, float Z)? SignedRgbNormal(float red, float green, float blue) =>
        red == 0 && green == 0 && blue == 0 ? null : (NormalFromPixel(red), NormalFromPixel(green), NormalFromPixel(blue));

    /// <summary>
    /// The stored value of a normal component. Capped at 254 because the AdaShare reading ignores a pixel with any
    /// channel at 255: a valid normal must never look like a missing one.
    /// </summary>
    public static byte PixelFromNormal(float component) =>
        (byte)Math.Clamp(MathF.Round((component + 1f) / 2f * 255f), 0f, AdaShareIgnoreValue - 1);

    /// <summary>
    /// The AdaShare target of one pixel from its raw values in OpenCV's order (B, G, R): the unit vector along them, as
    /// the reference's <c>F.normalize</c> gives (a zero vector stays zero); null when any channel is 255 (ignored).
    /// </summary>
    public static (float First, float Second, float Third)? AdaShareNormal(float blue, float green, float red)
    {
        if (blue >= AdaShareIgnoreValue || green >= AdaShareIgnoreValue || red >= AdaShareIgnoreValue) return null;
        float norm = MathF.Sqrt(blue * blue + green * green + red * red);
        // F.normalize divides by max(norm, 1e-12): a zero vector stays zero and counts as a pixel whose cosine is 0.
        float scale = 1f / MathF.Max(norm, 1e-12f);
        return (blue * scale, green * scale, red * scale);
    }

    /// <summary>
    /// A stored normal map, each pixel's three values turned into a target by <paramref name="decode"/>; a pixel it gives
    /// no target for is masked out (and its target is 0).
    /// </summary>
    public static (ImageData Normal, ImageData Mask) DecodeNormals(ImageData stored, Func<float, float, float, (float, float, float)?> decode)
    {
        int plane = stored.Height * stored.Width;
        var normal = new float[3 * plane];
        var mask = new float[plane];
        for (int p = 0; p < plane; p++)
        {
            if (decode(stored.Pixels[p], stored.Pixels[plane + p], stored.Pixels[2 * plane + p]) is not var (first, second, third)) continue;
            mask[p] = 1f;
            (normal[p], normal[plane + p], normal[2 * plane + p]) = (first, second, third);
        }
        return (stored with { Pixels = normal }, new ImageData(1, stored.Height, stored.Width, mask));
    }

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
