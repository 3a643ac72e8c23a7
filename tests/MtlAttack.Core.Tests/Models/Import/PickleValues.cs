using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models.Import;

/// <summary>
/// A tensor as torch.save stores it: a view (offset, size, stride in elements) of a storage whose raw little-endian
/// bytes become the archive entry <c>data/{StorageKey}</c>. Tensors that share a key share a storage.
/// </summary>
internal sealed record StoredTensor(string StorageKey, ScalarType DType, byte[] Storage, long Offset, long[] Size, long[] Stride)
{
    public static StoredTensor Contiguous(string storageKey, Tensor tensor)
    {
        using var cpu = tensor.detach().cpu().contiguous();
        var size = cpu.shape;
        var stride = new long[size.Length];
        for (long i = size.Length - 1, step = 1; i >= 0; step *= size[i], i--) stride[i] = step;
        return new StoredTensor(storageKey, cpu.dtype, cpu.bytes.ToArray(), 0, size, stride);
    }

    public long StorageElementCount => Storage.Length / ElementSize(DType);

    public static int ElementSize(ScalarType type) => type switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };

    public static string StorageClass(ScalarType type) => type switch
    {
        ScalarType.Float64 => "DoubleStorage",
        ScalarType.Float32 => "FloatStorage",
        ScalarType.Float16 => "HalfStorage",
        ScalarType.BFloat16 => "BFloat16Storage",
        ScalarType.Int64 => "LongStorage",
        ScalarType.Int32 => "IntStorage",
        ScalarType.Int16 => "ShortStorage",
        ScalarType.Int8 => "CharStorage",
        ScalarType.Byte => "ByteStorage",
        ScalarType.Bool => "BoolStorage",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}

/// <summary>A Python dict (or collections.OrderedDict, as state dicts are) with its items in order.</summary>
internal sealed record PyDict(IReadOnlyList<(string Key, object? Value)> Items, bool Ordered = true)
{
    public PyDict(params (string Key, object? Value)[] items) : this((IReadOnlyList<(string, object?)>)items) { }
}

/// <summary>A value written by hand, for pickles torch would never write.</summary>
internal sealed record PyRaw(Action<PickleBuilder> Write);
