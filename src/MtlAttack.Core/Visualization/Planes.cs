using TorchSharp;

namespace MtlAttack.Core.Visualization;

/// <summary>A [C,H,W] tensor copied to managed memory, so rendering does per-pixel work without native calls.</summary>
public sealed class Planes
{
    private readonly float[] values;

    public Planes(int channels, int height, int width, float[] values)
    {
        if (values.Length != channels * height * width)
            throw new ArgumentException($"Expected {channels}x{height}x{width} = {channels * height * width} values, got {values.Length}.", nameof(values));
        Channels = channels;
        Height = height;
        Width = width;
        this.values = values;
    }

    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }

    public float this[int channel, int y, int x] => values[(channel * Height + y) * Width + x];

    /// <summary>Copies a [C,H,W] (or [H,W]) tensor of any dtype and device.</summary>
    public static Planes FromTensor(torch.Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        var chw = tensor.dim() switch
        {
            2 => tensor.unsqueeze(0),
            3 => tensor,
            _ => throw new ArgumentException($"Expected a [C,H,W] tensor, got shape [{string.Join(",", tensor.shape)}]."),
        };
        var data = chw.detach().to(torch.CPU).to_type(torch.ScalarType.Float32).contiguous().data<float>().ToArray();
        return new Planes((int)chw.shape[0], (int)chw.shape[1], (int)chw.shape[2], data);
    }

    /// <summary>All pixels valid, for targets that come without a mask.</summary>
    public static Planes Ones(int height, int width) =>
        new(1, height, width, Enumerable.Repeat(1f, height * width).ToArray());

    /// <summary>True where channel 0 marks the pixel as valid (mask &gt; 0.5).</summary>
    public bool IsValid(int y, int x) => this[0, y, x] > 0.5f;
}
