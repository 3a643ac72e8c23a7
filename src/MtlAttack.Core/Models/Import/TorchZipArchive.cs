using System.IO.Compression;
using System.Text;
using MtlAttack.Core.IO;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Import;

/// <summary>
/// The zip that <c>torch.save</c> writes since PyTorch 1.6: <c>{archive}/data.pkl</c> (the pickle),
/// <c>{archive}/data/{key}</c> (one raw little-endian storage per key), <c>{archive}/version</c> and, from later
/// versions, <c>{archive}/byteorder</c>. The archive folder is named after the file or <c>archive</c>; it is found by
/// its <c>data.pkl</c>. Sizes are checked against the limits before anything is read.
/// </summary>
internal sealed class TorchZipArchive : IDisposable
{
    private readonly ZipArchive zip;
    private readonly string prefix;
    private readonly PyTorchImportOptions options;

    private TorchZipArchive(string path, ZipArchive zip, string prefix, PyTorchImportOptions options)
    {
        Path = path;
        this.zip = zip;
        this.prefix = prefix;
        this.options = options;
    }

    public string Path { get; }

    public static TorchZipArchive Open(string path, PyTorchImportOptions options)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Reading PyTorch weights needs a little-endian machine.");
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new PyTorchFormatException($"{path}: it is not a readable zip ({e.Message}); torch.save writes a zip since PyTorch 1.6.", e);
        }

        try
        {
            var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal)
                && e.FullName.IndexOf('/') == e.FullName.Length - "/data.pkl".Length).ToList();
            if (pickles.Count != 1)
                throw new PyTorchFormatException($"{path}: a torch.save zip holds one {{archive}}/data.pkl, this one holds {pickles.Count}.");
            var prefix = pickles[0].FullName[..^"data.pkl".Length];
            if (zip.GetEntry(prefix + "constants.pkl") is not null || zip.Entries.Any(e => e.FullName.StartsWith(prefix + "code/", StringComparison.Ordinal)))
                throw new PyTorchFormatException($"{path}: it is a TorchScript archive (torch.jit.save), which holds code; "
                    + "export the weights with torch.save(model.state_dict()) or as safetensors instead.");

            var archive = new TorchZipArchive(path, zip, prefix, options);
            archive.CheckByteOrder();
            return archive;
        }
        catch
        {
            zip.Dispose();
            throw;
        }
    }

    public byte[] ReadPickle()
    {
        var entry = zip.GetEntry(prefix + "data.pkl")!;
        if (entry.Length > options.MaxPickleBytes)
            throw new PyTorchFormatException($"{Path}: its data.pkl has {entry.Length} bytes, more than the limit of {options.MaxPickleBytes}; "
                + "a state dict's pickle is small (the tensors are stored beside it).");
        var bytes = new byte[entry.Length];
        using var stream = entry.Open();
        ReadFully(stream, bytes, entry.FullName);
        return bytes;
    }

    /// <summary>The whole storage as a 1-D CPU tensor of its dtype; the caller disposes it.</summary>
    public Tensor ReadStorage(StorageReference storage)
    {
        var name = prefix + "data/" + storage.Key;
        var entry = zip.GetEntry(name) ?? throw new PyTorchFormatException($"{Path}: the pickle refers to storage '{storage.Key}' but the zip has no {name}.");
        long expected = storage.ByteLength;
        if (expected > options.MaxTensorBytes)
            throw new PyTorchFormatException($"{Path}: storage '{storage.Key}' has {expected} bytes, more than the limit of {options.MaxTensorBytes}.");
        if (entry.Length != expected)
            throw new PyTorchFormatException($"{Path}: storage '{storage.Key}' should hold {storage.ElementCount} {storage.DType} values ({expected} bytes) but {name} has {entry.Length} bytes.");

        var buffer = new byte[expected];
        using (var stream = entry.Open()) ReadFully(stream, buffer, name);
        return TensorConversions.FromBytes(buffer, [storage.ElementCount], storage.DType);
    }

    public void Dispose() => zip.Dispose();

    // torch writes "little" or "big" since 1.12; older archives have no byteorder and are little-endian.
    private void CheckByteOrder()
    {
        var entry = zip.GetEntry(prefix + "byteorder");
        if (entry is null) return;
        if (entry.Length > 16) throw new PyTorchFormatException($"{Path}: its byteorder entry has {entry.Length} bytes; torch writes 'little' or 'big'.");
        using var reader = new StreamReader(entry.Open(), Encoding.ASCII);
        var order = reader.ReadToEnd().Trim();
        if (order == "little") return;
        throw new PyTorchFormatException(order == "big"
            ? $"{Path}: it was saved on a big-endian machine; MtlAttack reads little-endian storages only. Re-save it on a little-endian machine or as safetensors."
            : $"{Path}: its byteorder entry says '{PickleText.Printable(order)}'; torch writes 'little' or 'big'.");
    }

    private void ReadFully(Stream stream, byte[] buffer, string name)
    {
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException)
        {
            throw new PyTorchFormatException($"{Path}: {name} cannot be read in full ({e.Message}).", e);
        }
    }
}
