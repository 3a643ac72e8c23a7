namespace MtlAttack.Core.IO;

/// <summary>How the channels of a decoded image are laid out in the [C,H,W] array.</summary>
public enum ChannelOrder
{
    /// <summary>One channel (luminance, or the raw value of a single-channel file).</summary>
    Gray,
    Rgb,
    /// <summary>Blue, green, red: what OpenCV's imread gives, and what the reference NYUv2 pipeline feeds models.</summary>
    Bgr,
}

public static class ChannelOrders
{
    public static int ChannelCount(this ChannelOrder order) => order == ChannelOrder.Gray ? 1 : 3;

    /// <summary>Parses the channel order names used by <c>ImageNormalization</c>: RGB, BGR, or GRAY/L.</summary>
    public static ChannelOrder Parse(string name) => name.ToUpperInvariant() switch
    {
        "RGB" => ChannelOrder.Rgb,
        "BGR" => ChannelOrder.Bgr,
        "GRAY" or "L" => ChannelOrder.Gray,
        _ => throw new ArgumentException($"Unknown channel order '{name}': use RGB, BGR or GRAY."),
    };
}
