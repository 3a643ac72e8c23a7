using MtlAttack.Core.Models.Import;
using MtlAttack.Core.Tests.IO;
using MtlAttack.Core.Tests.Models.Import.Fixtures;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models.Import;

/// <summary>Tensors come back exactly as torch saved them: views of shared storages, every dtype a state dict uses.</summary>
public sealed class StoredTensorLayoutTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void FilesWrittenByRealTorchSaveAreReadAsSaved(int protocol)
    {
        var path = directory.File("real.pt");
        File.WriteAllBytes(path, protocol == 2 ? RealTorchFixtures.Protocol2 : RealTorchFixtures.Protocol4);
        using var scope = NewDisposeScope();
        var tensors = ReadAll(path);

        Assert.Equal(["contiguous", "transposed", "sliced", "half", "double", "bfloat16", "counter", "mask", "int8", "parameter"], tensors.Keys);
        var grid = arange(24, dtype: float32).view(4, 6);
        AssertEqual(grid, tensors["contiguous"]);
        AssertEqual(grid.t(), tensors["transposed"]);
        AssertEqual(grid[1..3, TensorIndex.Slice(step: 2)], tensors["sliced"]);
        AssertEqual(arange(6, dtype: float16).view(2, 3) / 4, tensors["half"]);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => i * 0.1).ToArray(), tensors["double"].data<double>().ToArray());
        AssertEqual(arange(4, dtype: bfloat16) - 1.5, tensors["bfloat16"]);
        Assert.Equal(ScalarType.Int64, tensors["counter"].dtype);
        Assert.Empty(tensors["counter"].shape);
        Assert.Equal(7L, tensors["counter"].item<long>());
        Assert.Equal([true, false, true], tensors["mask"].data<bool>().ToArray());
        Assert.Equal([(sbyte)-3, 0, 5], tensors["int8"].data<sbyte>().ToArray());
        AssertEqual(full(2, 0.5f), tensors["parameter"]);
    }

    [Fact]
    public void StridedViewsOfASharedStorageAreRebuiltWithTheirOffsetsAndStrides()
    {
        using var scope = NewDisposeScope();
        var storage = arange(30, dtype: float32);
        var bytes = storage.bytes.ToArray();
        var path = directory.File("views.pt");
        TorchSaveWriter.Write(path, new PyDict(
            ("transposed", new StoredTensor("0", ScalarType.Float32, bytes, 0, [5, 6], [1, 5])),
            ("window", new StoredTensor("0", ScalarType.Float32, bytes, 7, [2, 3], [10, 2])),
            ("broadcast", new StoredTensor("0", ScalarType.Float32, bytes, 4, [3, 2], [0, 1])),
            ("scalar", new StoredTensor("0", ScalarType.Float32, bytes, 29, [], [])),
            ("empty", new StoredTensor("0", ScalarType.Float32, bytes, 30, [0, 4], [4, 1]))));

        var tensors = ReadAll(path);
        AssertEqual(storage.view(6, 5).t(), tensors["transposed"]);
        AssertEqual(tensor(new float[,] { { 7, 9, 11 }, { 17, 19, 21 } }), tensors["window"]);
        AssertEqual(tensor(new float[,] { { 4, 5 }, { 4, 5 }, { 4, 5 } }), tensors["broadcast"]);
        Assert.Equal(29f, tensors["scalar"].item<float>());
        Assert.Equal([0L, 4], tensors["empty"].shape);
    }

    [Theory]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Int64)]
    [InlineData(ScalarType.Int32)]
    [InlineData(ScalarType.Int16)]
    [InlineData(ScalarType.Int8)]
    [InlineData(ScalarType.Byte)]
    [InlineData(ScalarType.Bool)]
    public void EveryStorageTypeIsReadWithItsDType(ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var expected = (arange(12, dtype: float32).view(3, 4) % 5 - (dtype is ScalarType.Byte or ScalarType.Bool ? 0 : 2)).to(dtype);
        var path = directory.File("dtype.pt");
        // Stored as a transposed view, so the element size matters for strides as well as for the storage length.
        TorchSaveWriter.Write(path, new PyDict(("t", StoredTensor.Contiguous("0", expected) with { Size = [4, 3], Stride = [1, 4] })));
        var read = ReadAll(path)["t"];
        Assert.Equal(dtype, read.dtype);
        AssertEqual(expected.t(), read);
    }

    private static Dictionary<string, Tensor> ReadAll(string path)
    {
        using var source = PyTorchWeightSource.Open(path, PyTorchImportOptions.Default);
        return source.Entries.ToDictionary(e => e.Name, e => source.Read(e).clone());
    }

    private static void AssertEqual(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(expected.eq(actual).all().item<bool>(), $"expected {expected.ToString(torch.julia)} but read {actual.ToString(torch.julia)}");
    }
}
