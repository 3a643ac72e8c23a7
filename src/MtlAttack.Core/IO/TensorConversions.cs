using TorchSharp;

namespace MtlAttack.Core.IO;

/// <summary>Turns decoded files into float32 CPU tensors in the [C,H,W] layout the datasets use.</summary>
public static class TensorConversions
{
    public static torch.Tensor ToTensor(this ImageData image) =>
        torch.tensor(image.Pixels, [image.Channels, image.Height, image.Width]);

    /// <summary>[C,H,W] tensor from an interleaved [H,W,C] float array, the layout numpy arrays of images use.</summary>
    public static torch.Tensor FromHwc(float[] hwc, int height, int width, int channels) =>
        torch.tensor(hwc, [height, width, channels]).permute(2, 0, 1).contiguous();

    /// <summary>The tensor's elements as float32, C order.</summary>
    public static float[] ToFloatArray(this torch.Tensor tensor)
    {
        using var scope = torch.NewDisposeScope();
        return tensor.detach().cpu().to_type(torch.ScalarType.Float32).contiguous().data<float>().ToArray();
    }
}
