namespace MtlAttack.Core.IO;

/// <summary>Element types a .npy file may hold here (numeric, little- or big-endian on disk).</summary>
public enum NpyDType
{
    Float32,
    Float64,
    UInt8,
    Int8,
    UInt16,
    Int16,
    Int32,
    Int64,
    Bool,
}

public static class NpyDTypes
{
    // One row per dtype: numpy's name (used in messages), its descr without the byte order (the digit is the item
    // size), and the CLR element type of NpyArray.Data.
    private static readonly (NpyDType DType, string Name, string Code, Type Element)[] Table =
    [
        (NpyDType.Float32, "float32", "f4", typeof(float)),
        (NpyDType.Float64, "float64", "f8", typeof(double)),
        (NpyDType.UInt8, "uint8", "u1", typeof(byte)),
        (NpyDType.Int8, "int8", "i1", typeof(sbyte)),
        (NpyDType.UInt16, "uint16", "u2", typeof(ushort)),
        (NpyDType.Int16, "int16", "i2", typeof(short)),
        (NpyDType.Int32, "int32", "i4", typeof(int)),
        (NpyDType.Int64, "int64", "i8", typeof(long)),
        (NpyDType.Bool, "bool", "b1", typeof(bool)),
    ];

    private static (NpyDType DType, string Name, string Code, Type Element) Row(NpyDType dtype) => Table.Single(r => r.DType == dtype);

    public static int ItemSize(this NpyDType dtype) => Row(dtype).Code[1] - '0';

    /// <summary>The numpy name, e.g. <c>float32</c>, used in messages.</summary>
    public static string NumpyName(this NpyDType dtype) => Row(dtype).Name;

    /// <summary>The little-endian descr written to headers, e.g. <c>&lt;f4</c>.</summary>
    public static string Descr(this NpyDType dtype) => (dtype.ItemSize() == 1 ? "|" : "<") + Row(dtype).Code;

    public static Type ElementType(this NpyDType dtype) => Row(dtype).Element;

    public static NpyDType ForElementType(Type type) =>
        Table.FirstOrDefault(r => r.Element == type) is { Name: not null } row
            ? row.DType
            : throw new ArgumentException($"No .npy dtype for element type {type.Name}; use float, double, byte, sbyte, ushort, short, int, long or bool.");

    /// <summary>Parses a descr such as <c>&lt;f4</c>, <c>|u1</c>, <c>&gt;i8</c>; null when unsupported.</summary>
    internal static (NpyDType DType, bool BigEndian)? TryParseDescr(string descr)
    {
        if (descr.Length < 3 || descr[0] is not ('<' or '>' or '|' or '=')) return null;
        if (Table.FirstOrDefault(r => r.Code == descr[1..]) is not { Name: not null } row) return null;
        bool bigEndian = descr[0] == '>' || (descr[0] == '=' && !BitConverter.IsLittleEndian);
        return (row.DType, bigEndian && row.DType.ItemSize() > 1);
    }
}
