using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Architecture;

/// <summary>
/// One tensor of a layer's state dict (a parameter or a buffer) as its <see cref="LayerSpec"/> declares it: the name
/// relative to the layer, the shape and the element type. A checkpoint's header can be checked against these before
/// any module is built.
/// </summary>
public sealed record StateTensor(string Name, long[] Shape, ScalarType DType)
{
    public static StateTensor Float(string name, params long[] shape) => new(name, shape, ScalarType.Float32);

    public string ShapeText => SafeTensors.SafeTensorEntry.FormatShape(Shape);

    /// <summary>
    /// Whether a stored tensor of type <paramref name="stored"/> loads into a weight of type <paramref name="held"/>:
    /// floating point into floating point (any precision, converted), other types exactly.
    /// </summary>
    public static bool Loads(ScalarType stored, ScalarType held) => (IsFloatingPoint(stored) && IsFloatingPoint(held)) || stored == held;

    private static bool IsFloatingPoint(ScalarType type) =>
        type is ScalarType.Float64 or ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16;

    /// <summary>The same tensor as a child named <paramref name="prefix"/> of a larger module holds it.</summary>
    public StateTensor Under(string prefix) => this with { Name = $"{prefix}.{Name}" };

    /// <summary>The children's tensors under their names, in order.</summary>
    public static IEnumerable<StateTensor> Of(IEnumerable<NamedLayer> children) =>
        children.SelectMany(child => child.Layer.State().Select(t => t.Under(child.Name)));
}
