namespace MtlAttack.Core.Models.Backbones;

/// <summary>The backbones a model spec can name.</summary>
public static class BackboneCatalog
{
    /// <summary>What CPU runs on 64x64 synthetic data use unless told otherwise.</summary>
    public const string CpuDefault = "small";

    public static IReadOnlyList<Backbone> All { get; } = [SmallConvNet.Instance, DeepLabResNet.ResNet18, DeepLabResNet.ResNet34];

    public static IReadOnlyList<string> Names { get; } = All.Select(b => b.Name).ToList();

    public static Backbone Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(b => string.Equals(b.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"Unknown backbone '{name}'; known backbones: {string.Join(", ", Names)}.", nameof(name));
    }
}
