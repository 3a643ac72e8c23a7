using static TorchSharp.torch;

namespace MtlAttack.Core.Models.SafeTensors;

/// <summary>One tensor as the header describes it; offsets are relative to the start of the data section.</summary>
public sealed record SafeTensorEntry(string Name, ScalarType DType, long[] Shape, long DataBegin, long DataEnd)
{
    public long ByteLength => DataEnd - DataBegin;

    public string ShapeText => FormatShape(Shape);

    public static string FormatShape(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";
}
