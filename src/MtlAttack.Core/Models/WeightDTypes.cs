using static TorchSharp.torch;

namespace MtlAttack.Core.Models;

/// <summary>
/// The element types weights are stored in, as each format names them: the safetensors header's spelling and torch's
/// pickled storage class (<c>torch.FloatStorage</c>, ...); with the bytes per element.
/// </summary>
public static class WeightDTypes
{
    private static readonly (string SafeTensorsName, string StorageClass, ScalarType Type, int Size)[] Table =
    [
        ("F64", "DoubleStorage", ScalarType.Float64, 8),
        ("F32", "FloatStorage", ScalarType.Float32, 4),
        ("F16", "HalfStorage", ScalarType.Float16, 2),
        ("BF16", "BFloat16Storage", ScalarType.BFloat16, 2),
        ("I64", "LongStorage", ScalarType.Int64, 8),
        ("I32", "IntStorage", ScalarType.Int32, 4),
        ("I16", "ShortStorage", ScalarType.Int16, 2),
        ("I8", "CharStorage", ScalarType.Int8, 1),
        ("U8", "ByteStorage", ScalarType.Byte, 1),
        ("BOOL", "BoolStorage", ScalarType.Bool, 1),
    ];

    public static IEnumerable<string> SafeTensorsNames => Table.Select(r => r.SafeTensorsName);

    /// <summary>torch's storage classes (in module <c>torch</c>) and the type each holds.</summary>
    public static IEnumerable<(string StorageClass, ScalarType Type)> StorageClasses => Table.Select(r => (r.StorageClass, r.Type));

    public static bool TryParseSafeTensors(string name, out ScalarType dtype)
    {
        int row = Array.FindIndex(Table, r => r.SafeTensorsName == name);
        dtype = row >= 0 ? Table[row].Type : default;
        return row >= 0;
    }

    /// <summary>The safetensors header spelling of <paramref name="type"/>, e.g. <c>F32</c>.</summary>
    public static string SafeTensorsName(ScalarType type) => Row(type).SafeTensorsName;

    public static int ElementSize(this ScalarType type) => Row(type).Size;

    private static (string SafeTensorsName, string StorageClass, ScalarType Type, int Size) Row(ScalarType type)
    {
        int row = Array.FindIndex(Table, r => r.Type == type);
        return row >= 0 ? Table[row] : throw new NotSupportedException($"Tensors of type {type} cannot be stored in safetensors by this writer.");
    }
}
