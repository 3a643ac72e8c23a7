namespace MtlAttack.Core.IO;

/// <summary>
/// Reads .npy arrays that hold per-pixel data ([H,W] or [H,W,C], the layout numpy image pipelines save) into
/// channel-major <see cref="ImageData"/>, checking dtype and shape so that errors name the file and what was expected.
/// </summary>
public static class NpyPlanes
{
    /// <param name="path">The .npy file.</param>
    /// <param name="channels">Expected C; for 1, [H,W] is accepted as well as [H,W,1].</param>
    /// <param name="what">What the file holds, for messages (e.g. "depth map").</param>
    /// <param name="expectedHeight">When given, H must equal it (and <paramref name="expectedWidth"/> W), e.g. the image's size.</param>
    public static ImageData Read(string path, int channels, string what, int? expectedHeight = null, int? expectedWidth = null)
    {
        string layout = channels == 1 ? "[H,W] or [H,W,1]" : $"[H,W,{channels}]";
        string expected = $"a float32 {what} of shape {layout}";
        DataFiles.RequireFile(path, expected);
        var array = NpyFile.Read(path);
        if (array.DType is not (NpyDType.Float32 or NpyDType.Float64))
            throw new DataFileException(path, $"holds {array.DType.NumpyName()} data; expected {expected}");

        var shape = array.Shape;
        bool fits = (shape.Count == 3 && shape[2] == channels) || (channels == 1 && shape.Count == 2);
        if (!fits)
            throw new DataFileException(path, $"has shape {array.ShapeText}; expected {expected}");
        int height = checked((int)shape[0]), width = checked((int)shape[1]);
        if (expectedHeight is { } h && expectedWidth is { } w && (height != h || width != w))
            throw new DataFileException(path, $"is {height}x{width} (shape {array.ShapeText}); expected {h}x{w} to match the image");

        var hwc = array.ToSingles();
        if (channels == 1) return new ImageData(1, height, width, hwc);
        var chw = new float[hwc.Length];
        int plane = height * width;
        for (int p = 0; p < plane; p++)
            for (int c = 0; c < channels; c++)
                chw[c * plane + p] = hwc[p * channels + c];
        return new ImageData(channels, height, width, chw);
    }

    /// <summary>Fails unless <paramref name="image"/> is <paramref name="height"/> x <paramref name="width"/>.</summary>
    public static void RequireSize(ImageData image, int height, int width, string path, string what)
    {
        if (image.Height != height || image.Width != width)
            throw new DataFileException(path, $"{what} is {image.Height}x{image.Width}; expected {height}x{width} to match the image");
    }
}
