using TorchSharp;

namespace MtlAttack.Core.IO;

/// <summary>Turns decoded files into float32 CPU tensors in the [C,H,W] layout the datasets use.</summary>
public static class TensorConversions
{
    public static torch.Tensor ToTensor(this ImageData image) =>
        torch.tensor(image.Pixels, [image.Channels, image.Height, image.Width]);

    /// <summary>A CPU tensor of <paramref name="shape"/> holding <paramref name="bytes"/>, the raw elements as stored (little-endian).</summary>
    internal static torch.Tensor FromBytes(byte[] bytes, long[] shape, torch.ScalarType dtype)
    {
        var tensor = torch.empty(shape, dtype: dtype);
        if (bytes.Length > 0) tensor.bytes = bytes;
        return tensor;
    }

    /// <summary>The tensor's elements as float32, C order.</summary>
    public static float[] ToFloatArray(this torch.Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().cpu().to_type(torch.ScalarType.Float32).contiguous().data<float>().ToArray();
    }
}
