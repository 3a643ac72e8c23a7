using System.Runtime.InteropServices;
using System.Text;

namespace MtlAttack.Core.IO;

/// <summary>
/// Reads and writes numpy .npy files (format 1.0, 2.0 and 3.0 headers; C order; numeric dtypes,
/// either endianness on read, little-endian on write). Never executes anything from the file.
/// </summary>
public static class NpyFile
{
    public static NpyArray Read(string path)
    {
        DataFiles.RequireFile(path, "a numpy .npy array");
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads an array from <paramref name="stream"/>; <paramref name="source"/> names it in errors.</summary>
    public static NpyArray Read(Stream stream, string source)
    {
        Span<byte> preamble = stackalloc byte[8];
        if (stream.ReadAtLeast(preamble, preamble.Length, throwOnEndOfStream: false) < preamble.Length
            || !preamble[..6].SequenceEqual(NpyHeader.Magic))
            throw new DataFileException(source, "not a .npy file: it does not start with the \\x93NUMPY magic; expected an array written by numpy.save");

        int major = preamble[6], minor = preamble[7];
        if (major is < 1 or > 3)
            throw new DataFileException(source, $"has .npy format version {major}.{minor}; expected 1.0, 2.0 or 3.0");

        Span<byte> lengthBytes = stackalloc byte[major == 1 ? 2 : 4];
        if (stream.ReadAtLeast(lengthBytes, lengthBytes.Length, throwOnEndOfStream: false) < lengthBytes.Length)
            throw new DataFileException(source, "is truncated inside the .npy header; expected a complete numpy.save file");
        long headerLength = major == 1 ? BitConverter.ToUInt16(lengthBytes) : BitConverter.ToUInt32(lengthBytes);
        if (stream.CanSeek && stream.Position + headerLength > stream.Length)
            throw new DataFileException(source, $"is truncated: its .npy header claims {headerLength} bytes but the file ends first");

        var headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
            throw new DataFileException(source, $"is truncated: its .npy header claims {headerLength} bytes but the file ends first");
        // Version 3.0 exists only to allow UTF-8 in the header; 1.0 and 2.0 are Latin-1.
        var headerText = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var header = NpyHeader.Parse(headerText, source);

        if (header.FortranOrder)
            throw new DataFileException(source,
                $"holds a Fortran-order (column-major) {header.DType.NumpyName()} array {NpyArray.FormatShape(header.Shape)}; " +
                "expected C order: re-save it with numpy.save(path, numpy.ascontiguousarray(array))");

        long count;
        try { count = NpyArray.ElementCount(header.Shape); }
        catch (OverflowException) { throw new DataFileException(source, $"declares shape {NpyArray.FormatShape(header.Shape)}, too large for one array"); }
        if (count * header.DType.ItemSize() > Array.MaxLength)
            throw new DataFileException(source, $"declares shape {NpyArray.FormatShape(header.Shape)} of {header.DType.NumpyName()}, too large to load into memory at once");
        if (stream.CanSeek && stream.Length - stream.Position < count * header.DType.ItemSize())
            throw Truncated(source, header, stream.Length - stream.Position, count);

        var data = ReadElements(stream, header, (int)count, source);
        return new NpyArray(header.DType, header.Shape, data);
    }

    public static void Write(string path, NpyArray array)
    {
        using var stream = File.Create(path);
        Write(stream, array);
    }

    public static void Write<T>(string path, T[] data, params long[] shape) where T : unmanaged =>
        Write(path, NpyArray.Create(data, shape));

    public static void Write(Stream stream, NpyArray array)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Writing .npy files is implemented for little-endian machines only.");
        stream.Write(NpyHeader.Encode(array.DType, array.Shape));
        stream.Write(ElementBytes(array.Data, array.DType));
    }

    // Any element array's memory as bytes: the dtype's item size times its length.
    private static Span<byte> ElementBytes(Array data, NpyDType dtype) =>
        MemoryMarshal.CreateSpan(ref MemoryMarshal.GetArrayDataReference(data), checked((int)data.LongLength * dtype.ItemSize()));

    private static Array ReadElements(Stream stream, NpyHeader header, int count, string source)
    {
        // Raw bytes other than 0/1 are not valid CLR booleans, so bools are read as bytes.
        var dtype = header.DType == NpyDType.Bool ? NpyDType.UInt8 : header.DType;
        var data = Array.CreateInstance(dtype.ElementType(), count);
        var bytes = ElementBytes(data, dtype);
        int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
        if (read < bytes.Length) throw Truncated(source, header, read, count);
        int size = dtype.ItemSize();
        if (header.BigEndian != !BitConverter.IsLittleEndian && size > 1)
            for (int i = 0; i < bytes.Length; i += size) bytes.Slice(i, size).Reverse();
        return header.DType == NpyDType.Bool ? Array.ConvertAll((byte[])data, b => b != 0) : data;
    }

    private static DataFileException Truncated(string source, NpyHeader header, long available, long count) =>
        new(source, $"is truncated: it holds {available} bytes of data but its header declares a {header.DType.NumpyName()} array " +
                    $"{NpyArray.FormatShape(header.Shape)} needing {count * header.DType.ItemSize()} bytes");
}
