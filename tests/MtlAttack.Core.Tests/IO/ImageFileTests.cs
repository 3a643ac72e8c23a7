using MtlAttack.Core.IO;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace MtlAttack.Core.Tests.IO;

public class ImageFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void RgbPngRoundTripIsExactAndBgrSwapsChannels()
    {
        var path = _temp.File("rgb.png");
        var image = Pattern(3, 4, 5);
        ImageFile.WritePng(path, image, ChannelOrder.Rgb);

        var rgb = ImageFile.Read(path, ChannelOrder.Rgb);
        var bgr = ImageFile.Read(path, ChannelOrder.Bgr);

        Assert.Equal(image.Pixels, rgb.Pixels);
        Assert.Equal((3, 4, 5), (bgr.Channels, bgr.Height, bgr.Width));
        for (int y = 0; y < 4; y++)
            for (int x = 0; x < 5; x++)
            {
                Assert.Equal(rgb[0, y, x], bgr[2, y, x]);
                Assert.Equal(rgb[1, y, x], bgr[1, y, x]);
                Assert.Equal(rgb[2, y, x], bgr[0, y, x]);
            }
    }

    [Fact]
    public void BgrDataIsStoredAsAnOrdinaryRgbPng()
    {
        var path = _temp.File("bgr.png");
        // One pixel, B=10 G=20 R=30.
        ImageFile.WritePng(path, new ImageData(3, 1, 1, [10f, 20f, 30f]), ChannelOrder.Bgr);

        using var decoded = Image.Load<Rgb24>(path);

        Assert.Equal(new Rgb24(30, 20, 10), decoded[0, 0]);
    }

    [Fact]
    public void GrayPngRoundTripIsExact()
    {
        var path = _temp.File("gray.png");
        var image = Pattern(1, 6, 7);
        ImageFile.WritePng(path, image, ChannelOrder.Gray);

        var read = ImageFile.Read(path, ChannelOrder.Gray);
        var raw = ImageFile.ReadGrayRaw(path);

        Assert.Equal(1, read.Channels);
        Assert.Equal(image.Pixels, read.Pixels);
        Assert.Equal(image.Pixels, raw.Pixels);
    }

    [Fact]
    public void SixteenBitPngKeepsItsFullRange()
    {
        var path = _temp.File("depth16.png");
        ushort[] values = [0, 1, 255, 256, 64499, 65535];
        ImageFile.WritePng16(path, values, 2, 3);

        var read = ImageFile.ReadGrayRaw(path);

        Assert.Equal((1, 2, 3), (read.Channels, read.Height, read.Width));
        Assert.Equal(values.Select(v => (float)v), read.Pixels);
    }

    [Fact]
    public void JpegIsReadApproximately()
    {
        var path = _temp.File("flat.jpg");
        using (var image = new Image<Rgb24>(8, 8, new Rgb24(200, 100, 50)))
            image.SaveAsJpeg(path);

        var read = ImageFile.Read(path, ChannelOrder.Bgr);

        Assert.InRange(read[0, 3, 3], 45f, 55f);
        Assert.InRange(read[1, 3, 3], 95f, 105f);
        Assert.InRange(read[2, 3, 3], 195f, 205f);
    }

    [Fact]
    public void WritingRoundsAndClampsFloats()
    {
        var path = _temp.File("clamp.png");
        ImageFile.WritePng(path, new ImageData(1, 1, 4, [-3f, 12.4f, 12.6f, 300f]), ChannelOrder.Gray);

        Assert.Equal([0f, 12f, 13f, 255f], ImageFile.Read(path, ChannelOrder.Gray).Pixels);
    }

    [Fact]
    public void CorruptPngNamesTheFileAndWhatWasExpected()
    {
        var path = _temp.File("broken.png");
        ImageFile.WritePng(path, Pattern(3, 16, 16), ChannelOrder.Rgb);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..20]);

        var error = Assert.Throws<DataFileException>(() => ImageFile.Read(path, ChannelOrder.Rgb));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("expected a PNG or JPEG image", error.Message);
    }

    [Fact]
    public void GarbageIsNotAnImage()
    {
        var path = _temp.File("garbage.png");
        File.WriteAllText(path, "no pixels here");

        var error = Assert.Throws<DataFileException>(() => ImageFile.ReadGrayRaw(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("cannot be decoded", error.Message);
    }

    [Fact]
    public void MissingImageNamesTheFile()
    {
        var path = Path.Combine(_temp.Path, "absent.png");

        var error = Assert.Throws<FileNotFoundException>(() => ImageFile.Read(path, ChannelOrder.Bgr));

        Assert.Contains(path, error.Message);
        Assert.Contains("PNG or JPEG", error.Message);
    }

    [Fact]
    public void WrongChannelCountForWritingIsRefused()
    {
        var path = _temp.File("wrong.png");

        var error = Assert.Throws<ArgumentException>(() => ImageFile.WritePng(path, Pattern(2, 2, 2), ChannelOrder.Rgb));

        Assert.Contains("expected 3", error.Message);
    }

    private static ImageData Pattern(int channels, int height, int width)
    {
        var pixels = new float[channels * height * width];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (i * 37 + 11) % 256;
        return new ImageData(channels, height, width, pixels);
    }
}
