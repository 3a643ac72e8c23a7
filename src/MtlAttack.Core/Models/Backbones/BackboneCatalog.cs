namespace MtlAttack.Core.Models.Backbones;

/// <summary>The backbones a model spec can name.</summary>
public static class BackboneCatalog
{
    /// <summary>What CPU runs on 64x64 synthetic data use unless told otherwise.</summary>
    public const string CpuDefault = "small";

    public static IReadOnlyList<Backbone> All { get; } = [SmallConvNet.Instance, DeepLabResNet.ResNet18, DeepLabResNet.ResNet34];

    public static IReadOnlyList<string> Names { get; } = All.Select(b => b.Name).ToList();

    /// <summary>
    /// The named backbone at <paramref name="width"/> (its stem's channels; null for the standard network). Only the
    /// DeepLab ResNets have a width option.
    /// </summary>
    public static Backbone Get(string name, int? width)
    {
        var backbone = Get(name);
        if (width is not int channels) return backbone;
        return backbone is DeepLabResNet resnet
            ? resnet.WithWidth(channels)
            : throw new ArgumentException($"Backbone {backbone.Name} has no width option; only the DeepLab ResNets ({string.Join(", ", All.OfType<DeepLabResNet>().Select(b => b.Name))}) take one.", nameof(width));
    }

    public static Backbone Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(b => string.Equals(b.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown backbone '{name}'; known backbones: {string.Join(", ", Names)}.", nameof(name));
    }
}
