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
    public static int ItemSize(this NpyDType dtype) => dtype switch
    {
        NpyDType.Float32 or NpyDType.Int32 => 4,
        NpyDType.Float64 or NpyDType.Int64 => 8,
        NpyDType.UInt16 or NpyDType.Int16 => 2,
        _ => 1,
    };

    /// <summary>The numpy name, e.g. <c>float32</c>, used in messages.</summary>
    public static string NumpyName(this NpyDType dtype) => dtype switch
    {
        NpyDType.Float32 => "float32",
        NpyDType.Float64 => "float64",
        NpyDType.UInt8 => "uint8",
        NpyDType.Int8 => "int8",
        NpyDType.UInt16 => "uint16",
        NpyDType.Int16 => "int16",
        NpyDType.Int32 => "int32",
        NpyDType.Int64 => "int64",
        NpyDType.Bool => "bool",
        _ => dtype.ToString(),
    };

    /// <summary>The little-endian descr written to headers, e.g. <c>&lt;f4</c>.</summary>
    public static string Descr(this NpyDType dtype) => dtype switch
    {
        NpyDType.Float32 => "<f4",
        NpyDType.Float64 => "<f8",
        NpyDType.UInt8 => "|u1",
        NpyDType.Int8 => "|i1",
        NpyDType.UInt16 => "<u2",
        NpyDType.Int16 => "<i2",
        NpyDType.Int32 => "<i4",
        NpyDType.Int64 => "<i8",
        NpyDType.Bool => "|b1",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    public static Type ElementType(this NpyDType dtype) => dtype switch
    {
        NpyDType.Float32 => typeof(float),
        NpyDType.Float64 => typeof(double),
        NpyDType.UInt8 => typeof(byte),
        NpyDType.Int8 => typeof(sbyte),
        NpyDType.UInt16 => typeof(ushort),
        NpyDType.Int16 => typeof(short),
        NpyDType.Int32 => typeof(int),
        NpyDType.Int64 => typeof(long),
        NpyDType.Bool => typeof(bool),
        _ => throw new ArgumentOutOfRangeException(nameof(dtype)),
    };

    public static NpyDType ForElementType(Type type)
    {
        foreach (var dtype in Enum.GetValues<NpyDType>())
            if (dtype.ElementType() == type) return dtype;
        throw new ArgumentException($"No .npy dtype for element type {type.Name}; use float, double, byte, sbyte, ushort, short, int, long or bool.");
    }

    /// <summary>Parses a descr such as <c>&lt;f4</c>, <c>|u1</c>, <c>&gt;i8</c>; null when unsupported.</summary>
    internal static (NpyDType DType, bool BigEndian)? TryParseDescr(string descr)
    {
        if (descr.Length < 3) return null;
        char order = descr[0];
        if (order is not ('<' or '>' or '|' or '=')) return null;
        NpyDType? dtype = descr[1..] switch
        {
            "f4" => NpyDType.Float32,
            "f8" => NpyDType.Float64,
            "u1" => NpyDType.UInt8,
            "i1" => NpyDType.Int8,
            "u2" => NpyDType.UInt16,
            "i2" => NpyDType.Int16,
            "i4" => NpyDType.Int32,
            "i8" => NpyDType.Int64,
            "b1" => NpyDType.Bool,
            _ => null,
        };
        if (dtype is null) return null;
        bool bigEndian = order == '>' || (order == '=' && !BitConverter.IsLittleEndian);
        return (dtype.Value, bigEndian && dtype.Value.ItemSize() > 1);
    }
}
