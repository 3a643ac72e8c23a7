using System.Buffers.Binary;
using MtlAttack.Core.IO;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.SafeTensors;

/// <summary>
/// Reads a safetensors file: 8-byte little-endian header length, JSON header, raw little-endian data. The header
/// is read and validated completely (size limit, dtypes, shapes, offsets) when the file is opened, before any
/// tensor memory is allocated.
/// </summary>
public sealed class SafeTensorsReader : IDisposable
{
    private readonly FileStream stream;
    private readonly long dataStart;

    private SafeTensorsReader(string path, FileStream stream, long dataStart, (List<SafeTensorEntry> Entries, Dictionary<string, string> Metadata) header)
    {
        Path = path;
        this.stream = stream;
        this.dataStart = dataStart;
        (Entries, Metadata) = header;
    }

    public string Path { get; }

    /// <summary>Entries in header order.</summary>
    public IReadOnlyList<SafeTensorEntry> Entries { get; }

    public IReadOnlyDictionary<string, string> Metadata { get; }

    public static SafeTensorsReader Open(string path, SafeTensorsLimits? limits = null)
    {
        limits ??= SafeTensorsLimits.Default;
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Reading safetensors needs a little-endian machine.");
        if (!File.Exists(path)) throw new FileNotFoundException($"No safetensors file at {path}.", path);

        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            long fileLength = stream.Length;
            if (fileLength < 8)
                throw SafeTensorsHeader.Corrupt(path, $"the file has {fileLength} bytes, too few for the 8-byte header length");
            Span<byte> lengthBytes = stackalloc byte[8];
            stream.ReadExactly(lengthBytes);
            ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(lengthBytes);
            if (headerLength > (ulong)limits.MaxHeaderBytes)
                throw SafeTensorsHeader.Corrupt(path, $"the header claims {headerLength} bytes, more than the limit of {limits.MaxHeaderBytes}");
            if ((long)headerLength > fileLength - 8)
                throw SafeTensorsHeader.Corrupt(path, $"the header claims {headerLength} bytes but only {fileLength - 8} follow (truncated file?)");
            if (headerLength < 2)
                throw SafeTensorsHeader.Corrupt(path, $"the header has {headerLength} bytes, too few for a JSON object");

            var json = new byte[headerLength];
            stream.ReadExactly(json);
            long dataStart = 8 + (long)headerLength;
            var header = SafeTensorsHeader.Parse(json, fileLength - dataStart, path, limits);
            return new SafeTensorsReader(path, stream, dataStart, header);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    public SafeTensorEntry Entry(string name) =>
        Entries.FirstOrDefault(e => e.Name == name) ?? throw new KeyNotFoundException($"{Path} has no tensor '{name}'.");

    /// <summary>Reads one tensor onto the CPU with its stored dtype and shape; the caller disposes it.</summary>
    public Tensor Read(SafeTensorEntry entry)
    {
        var buffer = new byte[entry.ByteLength];
        stream.Seek(dataStart + entry.DataBegin, SeekOrigin.Begin);
        stream.ReadExactly(buffer);
        return TensorConversions.FromBytes(buffer, entry.Shape, entry.DType);
    }

    public void Dispose() => stream.Dispose();
}
