namespace MtlAttack.Core.IO;

/// <summary>A decoded image as a flat [C,H,W] float array (C-order), values in the file's units (0..255 for 8-bit).</summary>
public sealed record ImageData(int Channels, int Height, int Width, float[] Pixels)
{
    public float this[int channel, int y, int x] => Pixels[((long)channel * Height + y) * Width + x];

    public string ShapeText => $"[{Channels},{Height},{Width}]";
}
