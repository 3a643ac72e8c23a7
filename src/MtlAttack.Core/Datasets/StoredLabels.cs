using MtlAttack.Core.IO;
using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Datasets;

/// <summary>Segmentation targets from the values a format stores: the one loop every reader needs.</summary>
internal static class StoredLabels
{
    /// <summary>
    /// <paramref name="classOf"/> gives a stored value's class, or null where the pixel is unlabelled (target 255, masked
    /// out); a class that is not an integer 0..classCount-1 is refused, naming the pixel, the stored
    /// <paramref name="what"/> and what was <paramref name="expected"/>.
    /// </summary>
    public static (ImageData Labels, ImageData Mask) Read(ImageData stored, int classCount, Func<float, float?> classOf, string path,
        string expected, string what = "label")
    {
        var labels = new float[stored.Pixels.Length];
        var mask = new float[labels.Length];
        for (int i = 0; i < labels.Length; i++)
        {
            float value = stored.Pixels[i];
            if (classOf(value) is not float label)
            {
                labels[i] = TaskNames.IgnoreLabel;
                continue;
            }
            if (label < 0 || label >= classCount || label != MathF.Floor(label))
                throw new DataFileException(path, $"has {what} {value} at row {i / stored.Width}, column {i % stored.Width}; expected {expected}");
            labels[i] = label;
            mask[i] = 1f;
        }
        return (stored with { Pixels = labels }, stored with { Pixels = mask });
    }
}
