using System.Buffers.Binary;
using System.Text;
using MtlAttack.Core.Models.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Tests.Models;

public sealed class SafeTensorsTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("mtl-safetensors-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    public void RoundTripIsBitExactForEveryDType()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(3);
        var tensors = new List<(string, Tensor)>
        {
            ("f32", randn(3, 4, 5, generator: generator)),
            ("f64", randn(7, dtype: ScalarType.Float64, generator: generator)),
            ("f16", randn(2, 3, generator: generator).to(ScalarType.Float16)),
            ("bf16", randn(2, 3, generator: generator).to(ScalarType.BFloat16)),
            ("i64", tensor(new long[] { long.MinValue, -1, 0, long.MaxValue })),
            ("i32", tensor(new[] { int.MinValue, 5 })),
            ("i16", tensor(new short[] { -3, 4 })),
            ("i8", tensor(new sbyte[] { -128, 127 })),
            ("u8", tensor(new byte[] { 0, 255 })),
            ("bool", tensor(new[] { true, false, true })),
            ("scalar", tensor(2.5f)),
            ("empty", zeros(0, 3)),
            ("strided", randn(4, 6, generator: generator).t()),
        };
        var path = Path.Combine(directory, "all.safetensors");
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "ünïcode" };
        SafeTensorsWriter.Write(path, tensors, metadata);

        using var reader = SafeTensorsReader.Open(path);
        Assert.Equal(tensors.Select(t => t.Item1), reader.Entries.Select(e => e.Name));
        Assert.Equal(metadata, reader.Metadata);
        foreach (var (name, original) in tensors)
        {
            var loaded = reader.Read(reader.Entry(name));
            Assert.Equal(original.dtype, loaded.dtype);
            Assert.Equal(original.shape, loaded.shape);
            Assert.Equal(original.contiguous().bytes.ToArray(), loaded.bytes.ToArray());
        }

        var bytes = File.ReadAllBytes(path);
        Assert.Equal(0UL, BinaryPrimitives.ReadUInt64LittleEndian(bytes) % 8);
    }

    [Fact]
    public void FilesWrittenByHandInTheReferenceLayoutAreRead()
    {
        var data = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(data, 1.5f);
        BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4), -2f);
        var path = Write("{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", data);
        using var reader = SafeTensorsReader.Open(path);
        using var w = reader.Read(reader.Entry("w"));
        Assert.Equal([1.5f, -2f], w.data<float>().ToArray());
        Assert.Empty(reader.Metadata);
    }

    public static TheoryData<string, int, string> CorruptHeaders() => new()
    {
        { "not json", 0, "not valid JSON" },
        { "[1,2]", 0, "must be a JSON object" },
        { "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1, "dtype 'F8_E4M3'" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8, "needs 12 bytes" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4, "non-negative integers" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 2, "truncated" },
        { "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 6, "2 bytes after the last tensor" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "leaving a gap" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "overlapping" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8, "names 'a' twice" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"extra\":1}}", 4, "unknown field 'extra'" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4, "lacks data_offsets" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,0]}}", 4, "end before they begin" },
        { "{\"__metadata__\":{\"k\":1}}", 0, "must be a string" },
        { "{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,4]}}", 4, "too large" },
    };

    [Theory]
    [MemberData(nameof(CorruptHeaders))]
    public void CorruptFilesAreRefusedWithAReason(string header, int dataBytes, string reason)
    {
        var path = Write(header, new byte[dataBytes]);
        var error = Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsReader.Open(path).Dispose());
        Assert.Contains(reason, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void TooShortFileIsRefused()
    {
        var path = Path.Combine(directory, "short.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        Assert.Contains("too few for the 8-byte header length", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsReader.Open(path)).Message);
    }

    [Fact]
    public void OversizeHeaderIsRefusedBeforeAnythingIsAllocated()
    {
        var path = Path.Combine(directory, "oversize.safetensors");
        var bytes = new byte[16];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1UL << 40);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("more than the limit", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsReader.Open(path)).Message);

        var valid = Write("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", [7]);
        var limits = new SafeTensorsLimits { MaxHeaderBytes = 16 };
        Assert.Contains("more than the limit of 16", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsReader.Open(valid, limits)).Message);
    }

    [Fact]
    public void HeaderLongerThanTheFileIsRefused()
    {
        var path = Path.Combine(directory, "cut.safetensors");
        var bytes = new byte[20];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 100);
        File.WriteAllBytes(path, bytes);
        Assert.Contains("only 12 follow", Assert.Throws<SafeTensorsFormatException>(() => SafeTensorsReader.Open(path)).Message);
    }

    private string Write(string header, byte[] data)
    {
        var path = Path.Combine(directory, Guid.NewGuid().ToString("N") + ".safetensors");
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
