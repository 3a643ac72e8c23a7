using static TorchSharp.torch;

namespace MtlAttack.Core.Models.SafeTensors;

/// <summary>The element types of the safetensors format this reader accepts: header spelling, torch type and size.</summary>
public static class SafeTensorsDTypes
{
    private static readonly (string Name, ScalarType Type, int Size)[] Table =
    [
        ("F64", ScalarType.Float64, 8),
        ("F32", ScalarType.Float32, 4),
        ("F16", ScalarType.Float16, 2),
        ("BF16", ScalarType.BFloat16, 2),
        ("I64", ScalarType.Int64, 8),
        ("I32", ScalarType.Int32, 4),
        ("I16", ScalarType.Int16, 2),
        ("I8", ScalarType.Int8, 1),
        ("U8", ScalarType.Byte, 1),
        ("BOOL", ScalarType.Bool, 1),
    ];

    public static IEnumerable<string> Names => Table.Select(r => r.Name);

    public static bool TryParse(string name, out ScalarType dtype)
    {
        int row = Array.FindIndex(Table, r => r.Name == name);
        dtype = row >= 0 ? Table[row].Type : default;
        return row >= 0;
    }

    /// <summary>The header spelling of <paramref name="type"/>, e.g. <c>F32</c>.</summary>
    public static string Name(ScalarType type) => Row(type).Name;

    public static int ElementSize(this ScalarType type) => Row(type).Size;

    private static (string Name, ScalarType Type, int Size) Row(ScalarType type)
    {
        int row = Array.FindIndex(Table, r => r.Type == type);
        return row >= 0 ? Table[row] : throw new NotSupportedException($"Tensors of type {type} cannot be stored in safetensors by this writer.");
    }
}
