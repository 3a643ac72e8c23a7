using System.Text;
using MtlAttack.Core.IO;

namespace MtlAttack.Core.Tests.IO;

public class NpyFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Float32RoundTripIsExact()
    {
        var path = _temp.File("a.npy");
        float[] data = [1.5f, -2.25f, float.MaxValue, float.Epsilon, 0f, 3.14159f];
        NpyFile.Write(path, data, 2, 3);

        var read = NpyFile.Read(path);

        Assert.Equal(NpyDType.Float32, read.DType);
        Assert.Equal([2L, 3L], read.Shape);
        Assert.Equal(data, (float[])read.Data);
    }

    [Fact]
    public void Float64ScalarRoundTripIsExact()
    {
        var path = _temp.File("scalar.npy");
        NpyFile.Write(path, new[] { Math.PI });

        var read = NpyFile.Read(path);

        Assert.Equal(NpyDType.Float64, read.DType);
        Assert.Empty(read.Shape);
        Assert.Equal(Math.PI, ((double[])read.Data)[0]);
    }

    [Fact]
    public void UInt8AndInt64RoundTripsAreExact()
    {
        var bytesPath = _temp.File("u8.npy");
        var longsPath = _temp.File("i8.npy");
        byte[] bytes = [0, 1, 127, 200, 255];
        long[] longs = [long.MinValue, -1, 0, 1, long.MaxValue, 42, 7, 8];
        NpyFile.Write(bytesPath, bytes, 5);
        NpyFile.Write(longsPath, longs, 2, 2, 2);

        var readBytes = NpyFile.Read(bytesPath);
        var readLongs = NpyFile.Read(longsPath);

        Assert.Equal(NpyDType.UInt8, readBytes.DType);
        Assert.Equal([5L], readBytes.Shape);
        Assert.Equal(bytes, (byte[])readBytes.Data);
        Assert.Equal(NpyDType.Int64, readLongs.DType);
        Assert.Equal([2L, 2L, 2L], readLongs.Shape);
        Assert.Equal(longs, (long[])readLongs.Data);
    }

    [Fact]
    public void WrittenHeaderIsWhatNumpySaveWrites()
    {
        var path = _temp.File("zeros.npy");
        NpyFile.Write(path, new float[6], 2, 3);
        var bytes = File.ReadAllBytes(path);

        // numpy.save(np.zeros((2, 3), np.float32)): version 1.0, dictionary padded with spaces so data starts at byte 128.
        string dictionary = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        var expected = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 118, 0 };
        expected.AddRange(Encoding.ASCII.GetBytes(dictionary.PadRight(117) + "\n"));
        Assert.Equal(128 + 6 * 4, bytes.Length);
        Assert.Equal(expected.ToArray(), bytes[..128]);
    }

    [Fact]
    public void ReadsAHandWrittenVersion1File()
    {
        var path = _temp.File("hand.npy");
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }\n";
        using (var stream = File.Create(path))
        {
            stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
            stream.Write(Encoding.ASCII.GetBytes(header));
            foreach (var v in new[] { 1f, 2f, 3f, 4.5f }) stream.Write(BitConverter.GetBytes(v));
        }

        var read = NpyFile.Read(path);

        Assert.Equal([2L, 2L], read.Shape);
        Assert.Equal([1f, 2f, 3f, 4.5f], read.ToSingles());
    }

    [Fact]
    public void ReadsAHandWrittenVersion2BigEndianFile()
    {
        var path = _temp.File("big.npy");
        var header = "{'descr': '>i8', 'fortran_order': False, 'shape': (3,), }\n";
        using (var stream = File.Create(path))
        {
            stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 2, 0]);
            stream.Write(BitConverter.GetBytes((uint)header.Length));
            stream.Write(Encoding.ASCII.GetBytes(header));
            foreach (var v in new[] { 1L, -2L, 300L })
            {
                var b = BitConverter.GetBytes(v);
                Array.Reverse(b);
                stream.Write(b);
            }
        }

        var read = NpyFile.Read(path);

        Assert.Equal(NpyDType.Int64, read.DType);
        Assert.Equal([1L, -2L, 300L], (long[])read.Data);
    }

    [Fact]
    public void FortranOrderIsRefusedWithAClearMessage()
    {
        var path = _temp.File("fortran.npy");
        WriteRaw(path, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }\n", new byte[16]);

        var error = Assert.Throws<DataFileException>(() => NpyFile.Read(path));

        Assert.Equal(path, error.FilePath);
        Assert.Contains(path, error.Message);
        Assert.Contains("Fortran", error.Message);
        Assert.Contains("expected C order", error.Message);
    }

    [Fact]
    public void MissingFileNamesTheFile()
    {
        var path = Path.Combine(_temp.Path, "nowhere.npy");

        var error = Assert.Throws<FileNotFoundException>(() => NpyFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(".npy", error.Message);
    }

    [Fact]
    public void FileWithoutMagicIsReportedAsNotNpy()
    {
        var path = _temp.File("text.npy");
        File.WriteAllText(path, "this is not numpy data at all");

        var error = Assert.Throws<DataFileException>(() => NpyFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("numpy.save", error.Message);
    }

    [Fact]
    public void TruncatedDataSaysHowManyBytesWereExpected()
    {
        var path = _temp.File("short.npy");
        NpyFile.Write(path, new float[12], 3, 4);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 5)]);

        var error = Assert.Throws<DataFileException>(() => NpyFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Assert.Contains("48 bytes", error.Message);
        Assert.Contains("(3, 4)", error.Message);
    }

    [Fact]
    public void UnsupportedDtypeIsNamed()
    {
        var path = _temp.File("complex.npy");
        WriteRaw(path, "{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }\n", new byte[8]);

        var error = Assert.Throws<DataFileException>(() => NpyFile.Read(path));

        Assert.Contains("'<c8'", error.Message);
        Assert.Contains("float32", error.Message);
    }

    [Fact]
    public void MalformedHeaderIsReported()
    {
        var path = _temp.File("garbled.npy");
        WriteRaw(path, "{'descr': '<f4', 'shape': oops }\n", []);

        var error = Assert.Throws<DataFileException>(() => NpyFile.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("malformed header", error.Message);
    }

    private static void WriteRaw(string path, string header, byte[] data)
    {
        using var stream = File.Create(path);
        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
        stream.Write(BitConverter.GetBytes((ushort)header.Length));
        stream.Write(Encoding.ASCII.GetBytes(header));
        stream.Write(data);
    }
}
