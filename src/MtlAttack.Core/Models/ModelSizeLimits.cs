using MtlAttack.Core.Tasks;

namespace MtlAttack.Core.Models;

/// <summary>
/// Bounds every model.json is held to before anything is built or loaded, native or TorchScript: a spec of a few
/// bytes must not be able to make the process build a huge network or feed a huge probe image.
/// </summary>
public static class ModelSizeLimits
{
    /// <summary>Segmentation classes stay below the ignore label (255).</summary>
    public const int MaxClasses = TaskNames.IgnoreLabel;

    /// <summary>Output channels of any one task: the native spec's bound.</summary>
    public const int MaxChannels = ModelSpec.MaxOutputChannels;

    public const int MaxTasks = 32;

    /// <summary>Each side of the input image, in pixels; the largest is the native spec's bound.</summary>
    public const int MinInputSide = 8, MaxInputSide = ModelSpec.MaxInputSide;

    /// <summary>Throws an <see cref="InvalidDataException"/> naming the bound <paramref name="height"/> x <paramref name="width"/> breaks.</summary>
    public static void CheckInputSize(int height, int width)
    {
        if (height < MinInputSide || width < MinInputSide || height > MaxInputSide || width > MaxInputSide)
            throw new InvalidDataException($"input size {height}x{width} is outside {MinInputSide}..{MaxInputSide} pixels per side");
    }
}
