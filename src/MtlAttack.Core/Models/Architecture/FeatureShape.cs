namespace MtlAttack.Core.Models.Architecture;

/// <summary>Channels and spatial size of one sample's feature map (batch dimension left out).</summary>
public readonly record struct FeatureShape(int Channels, int Height, int Width)
{
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
