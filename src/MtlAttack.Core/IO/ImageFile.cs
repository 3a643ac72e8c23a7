using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.IO;

/// <summary>
/// PNG/JPEG (and whatever else ImageSharp decodes) to and from flat [C,H,W] float arrays. Errors name the file.
/// </summary>
public static class ImageFile
{
    /// <summary>Decodes an image into [C,H,W] floats in 0..255 with the channels in <paramref name="order"/>;
    /// <see cref="ChannelOrder.Gray"/> gives one channel (colour files are converted to luminance).</summary>
    public static ImageData Read(string path, ChannelOrder order)
    {
        DataFiles.RequireFile(path, $"a PNG or JPEG image ({Describe(order)})");
        return order == ChannelOrder.Gray ? ReadGray8(path) : ReadColour(path, order);
    }

    /// <summary>
    /// Decodes a single-channel image at its stored bit depth: 0..255 for 8-bit files, 0..65535 for 16-bit PNGs,
    /// as PIL's <c>numpy.array(Image.open(path))</c> gives them (Taskonomy stores depth, keypoints and edges in 16 bits).
    /// </summary>
    public static ImageData ReadGrayRaw(string path)
    {
        DataFiles.RequireFile(path, "a single-channel PNG image");
        var info = Decode(path, () => Image.Identify(path), "a single-channel PNG image");
        bool sixteenBit = info?.Metadata.GetPngMetadata().BitDepth == PngBitDepth.Bit16;
        return sixteenBit ? ReadGray16(path) : ReadGray8(path);
    }

    /// <summary>Writes a PNG from [C,H,W] values in 0..255 (rounded and clamped); 1 channel gives a grayscale PNG,
    /// 3 channels in <paramref name="order"/> give an ordinary RGB PNG.</summary>
    public static void WritePng(string path, ImageData image, ChannelOrder order)
    {
        RequireChannels(image.Channels, order, path);
        var bytes = new byte[image.Pixels.Length];
        for (int i = 0; i < bytes.Length; i++)
        {
            float v = image.Pixels[i];
            if (float.IsNaN(v)) throw new ArgumentException($"Cannot write '{path}': pixel {i} is NaN.");
            bytes[i] = (byte)Math.Clamp(MathF.Round(v), 0f, 255f);
        }
        WritePng(path, bytes, image.Channels, image.Height, image.Width, order);
    }

    /// <summary>Writes a PNG from [C,H,W] bytes; see <see cref="WritePng(string, ImageData, ChannelOrder)"/>.</summary>
    public static void WritePng(string path, byte[] pixels, int channels, int height, int width, ChannelOrder order)
    {
        RequireChannels(channels, order, path);
        if (pixels.LongLength != (long)channels * height * width)
            throw new ArgumentException($"Cannot write '{path}': {pixels.Length} values do not fill [{channels},{height},{width}].");
        int plane = height * width;
        if (channels == 1)
        {
            using var image = Image.LoadPixelData<L8>(pixels, width, height);
            image.SaveAsPng(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit8 });
            return;
        }
        var (r, b) = order == ChannelOrder.Bgr ? (2, 0) : (0, 2);
        var rgb = new Rgb24[plane];
        for (int i = 0; i < plane; i++)
            rgb[i] = new Rgb24(pixels[r * plane + i], pixels[plane + i], pixels[b * plane + i]);
        using (var image = Image.LoadPixelData<Rgb24>(rgb, width, height))
            image.SaveAsPng(path, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
    }

    /// <summary>Writes a 16-bit grayscale PNG from [H,W] values.</summary>
    public static void WritePng16(string path, ushort[] values, int height, int width)
    {
        if (values.LongLength != (long)height * width)
            throw new ArgumentException($"Cannot write '{path}': {values.Length} values do not fill [{height},{width}].");
        var gray = Array.ConvertAll(values, v => new L16(v));
        using var image = Image.LoadPixelData<L16>(gray, width, height);
        image.SaveAsPng(path, new PngEncoder { ColorType = PngColorType.Grayscale, BitDepth = PngBitDepth.Bit16 });
    }

    private static ImageData ReadColour(string path, ChannelOrder order)
    {
        using var image = Decode(path, () => Image.Load<Rgb24>(path), $"a PNG or JPEG image ({Describe(order)})");
        var pixels = new Rgb24[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        int plane = pixels.Length;
        var chw = new float[3 * plane];
        var (r, b) = order == ChannelOrder.Bgr ? (2, 0) : (0, 2);
        for (int i = 0; i < plane; i++)
        {
            chw[r * plane + i] = pixels[i].R;
            chw[plane + i] = pixels[i].G;
            chw[b * plane + i] = pixels[i].B;
        }
        return new ImageData(3, image.Height, image.Width, chw);
    }

    private static ImageData ReadGray8(string path) => ReadGray<L8>(path, "a PNG or JPEG image (one channel)", p => p.PackedValue);

    private static ImageData ReadGray16(string path) => ReadGray<L16>(path, "a 16-bit grayscale PNG image", p => p.PackedValue);

    private static ImageData ReadGray<TPixel>(string path, string expected, Func<TPixel, float> value) where TPixel : unmanaged, IPixel<TPixel>
    {
        using var image = Decode(path, () => Image.Load<TPixel>(path), expected);
        var pixels = new TPixel[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        return new ImageData(1, image.Height, image.Width, Array.ConvertAll(pixels, p => value(p)));
    }

    /// <summary>Runs a decoder and turns whatever it throws on bad content into an error naming the file.</summary>
    private static T Decode<T>(string path, Func<T> decode, string expected)
    {
        try
        {
            return decode();
        }
        catch (Exception ex) when (ex is not (FileNotFoundException or DirectoryNotFoundException or UnauthorizedAccessException or OutOfMemoryException))
        {
            throw new DataFileException(path, $"cannot be decoded as an image ({ex.Message.TrimEnd('.')}); expected {expected}", ex);
        }
    }

    private static void RequireChannels(int channels, ChannelOrder order, string path)
    {
        if (channels != order.ChannelCount())
            throw new ArgumentException($"Cannot write '{path}': {channels} channels given for channel order {order}; expected {order.ChannelCount()}.");
    }

    private static string Describe(ChannelOrder order) => order == ChannelOrder.Gray ? "one channel" : "three colour channels";
}
