namespace MtlAttack.Core.IO;

/// <summary>
/// The content of a .npy file: dtype, C-order shape and the flat elements in a CLR array of the matching
/// type (float[] for float32, double[] for float64, byte[] for uint8, long[] for int64, ...).
/// </summary>
public sealed class NpyArray
{
    public NpyArray(NpyDType dtype, IReadOnlyList<long> shape, Array data)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(data);
        if (data.GetType().GetElementType() != dtype.ElementType() || data.Rank != 1)
            throw new ArgumentException($"A {dtype.NumpyName()} array needs a one-dimensional {dtype.ElementType().Name}[] of elements, got {data.GetType().Name}.");
        if (shape.Any(d => d < 0))
            throw new ArgumentException($"Shape {FormatShape(shape)} has a negative dimension.");
        long count = ElementCount(shape);
        if (count != data.LongLength)
            throw new ArgumentException($"Shape {FormatShape(shape)} holds {count} elements but {data.LongLength} were given.");
        DType = dtype;
        Shape = shape.ToArray();
        Data = data;
    }

    public NpyDType DType { get; }
    public IReadOnlyList<long> Shape { get; }
    public Array Data { get; }
    public long Length => Data.LongLength;

    public static NpyArray Create<T>(T[] data, params long[] shape) where T : unmanaged =>
        new(NpyDTypes.ForElementType(typeof(T)), shape, data);

    /// <summary>The elements as float32, converting from any numeric dtype (bool becomes 0/1).</summary>
    public float[] ToSingles() => Data switch
    {
        float[] f => f,
        double[] d => Array.ConvertAll(d, v => (float)v),
        byte[] b => Array.ConvertAll(b, v => (float)v),
        sbyte[] sb => Array.ConvertAll(sb, v => (float)v),
        ushort[] us => Array.ConvertAll(us, v => (float)v),
        short[] s => Array.ConvertAll(s, v => (float)v),
        int[] i => Array.ConvertAll(i, v => (float)v),
        long[] l => Array.ConvertAll(l, v => (float)v),
        bool[] bo => Array.ConvertAll(bo, v => v ? 1f : 0f),
        _ => throw new InvalidOperationException($"Unsupported element array {Data.GetType().Name}."),
    };

    public string ShapeText => FormatShape(Shape);

    public override string ToString() => $"{DType.NumpyName()} {ShapeText}";

    /// <summary>Python tuple notation, as numpy prints it: <c>()</c>, <c>(5,)</c>, <c>(3, 4)</c>.</summary>
    public static string FormatShape(IReadOnlyList<long> shape) => shape.Count switch
    {
        0 => "()",
        1 => $"({shape[0]},)",
        _ => "(" + string.Join(", ", shape) + ")",
    };

    internal static long ElementCount(IReadOnlyList<long> shape) => shape.Aggregate(1L, (count, d) => checked(count * d));
}
