using System.IO.Compression;
using System.Text;
using MtlAttack.Core.Models;

namespace MtlAttack.Core.Tests.Models.Import;

/// <summary>How a fixture imitates one torch.save or another.</summary>
internal sealed record TorchSaveStyle
{
    public int Protocol { get; init; } = 2;

    /// <summary>torch names the folder after the file (1.6 to 2.0) or <c>archive</c> (later versions).</summary>
    public string ArchiveName { get; init; } = "archive";

    /// <summary>Written since PyTorch 1.12; null leaves the entry out, as older versions do.</summary>
    public string? ByteOrder { get; init; } = "little";

    /// <summary>A state dict carries its modules' versions in an <c>_metadata</c> attribute, set by BUILD.</summary>
    public bool WithMetadata { get; init; } = true;

    public CompressionLevel Compression { get; init; } = CompressionLevel.NoCompression;

    /// <summary>Archive entries written as given, after the regular ones (or instead of them, for the same name).</summary>
    public IReadOnlyDictionary<string, byte[]> ExtraEntries { get; init; } = new Dictionary<string, byte[]>();

    /// <summary>Storage keys whose data entry is left out.</summary>
    public IReadOnlySet<string> MissingStorages { get; init; } = new HashSet<string>();
}

/// <summary>
/// Writes the zip <c>torch.save</c> writes (PyTorch 1.6 and later): <c>{archive}/data.pkl</c> with torch's pickle
/// of the value, one <c>{archive}/data/{key}</c> per storage, <c>{archive}/version</c> and <c>{archive}/byteorder</c>.
/// The pickle follows torch's opcode for opcode: OrderedDict via REDUCE, <c>_rebuild_tensor_v2</c> with a
/// persistent id per storage, memo entries for everything the pickler memoizes.
/// </summary>
internal static class TorchSaveWriter
{
    public static void Write(string path, object? root, TorchSaveStyle? style = null)
    {
        style ??= new TorchSaveStyle();
        var storages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var pickle = new PickleBuilder(style.Protocol);
        WriteValue(pickle, root, storages, isRoot: style.WithMetadata);
        WriteArchive(path, style, pickle.Finish(), storages);
    }

    /// <summary>A network's state dict, every tensor contiguous in its own storage, optionally renamed or converted.</summary>
    public static PyDict StateDictOf(MultiTaskNetwork network, Func<string, string>? rename = null, TorchSharp.torch.ScalarType? floatType = null)
    {
        var items = new List<(string, object?)>();
        int key = 0;
        foreach (var (name, tensor) in network.state_dict())
        {
            using var converted = floatType is { } type && tensor.is_floating_point() ? tensor.to(type) : tensor.alias();
            items.Add((rename?.Invoke(name) ?? name, StoredTensor.Contiguous((key++).ToString(), converted)));
        }
        return new PyDict(items);
    }

    public static void WriteArchive(string path, TorchSaveStyle style, byte[] pickle, IReadOnlyDictionary<string, byte[]> storages)
    {
        var prefix = style.ArchiveName + "/";
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        var entries = new List<(string Name, byte[] Bytes)> { (prefix + "data.pkl", pickle) };
        if (style.ByteOrder is not null) entries.Add((prefix + "byteorder", Encoding.ASCII.GetBytes(style.ByteOrder)));
        entries.AddRange(storages.Where(s => !style.MissingStorages.Contains(s.Key)).Select(s => (prefix + "data/" + s.Key, s.Value)));
        entries.Add((prefix + "version", "3\n"u8.ToArray()));
        foreach (var (name, bytes) in entries.Where(e => !style.ExtraEntries.ContainsKey(e.Name)).Concat(style.ExtraEntries.Select(e => (e.Key, e.Value))))
        {
            using var stream = zip.CreateEntry(name, style.Compression).Open();
            stream.Write(bytes);
        }
    }

    private static void WriteValue(PickleBuilder pickle, object? value, Dictionary<string, byte[]> storages, bool isRoot = false)
    {
        switch (value)
        {
            case null: pickle.None(); break;
            case bool b: pickle.Bool(b); break;
            case int i: pickle.Int(i); break;
            case long l: pickle.Int(l); break;
            case double d: pickle.Float(d); break;
            case string s: pickle.String(s); break;
            case StoredTensor tensor: WriteTensor(pickle, tensor, storages); break;
            case PyDict dict: WriteDict(pickle, dict, storages, isRoot); break;
            case PyRaw raw: raw.Write(pickle); break;
            case List<object?> list:
                pickle.EmptyList();
                pickle.Put();
                if (list.Count == 0) break;
                pickle.Mark();
                foreach (var item in list) WriteValue(pickle, item, storages);
                pickle.Op((byte)'e');
                break;
            case object?[] tuple:
                pickle.TupleOf(tuple.Select(item => (Action<PickleBuilder>)(p => WriteValue(p, item, storages))).ToArray());
                if (tuple.Length > 0) pickle.Put();
                break;
            default: throw new ArgumentException($"No pickle for {value.GetType().Name}.", nameof(value));
        }
    }

    private static void WriteDict(PickleBuilder pickle, PyDict dict, Dictionary<string, byte[]> storages, bool withMetadata)
    {
        if (dict.Ordered) EmptyOrderedDict(pickle);
        else
        {
            pickle.EmptyDict();
            pickle.Put();
        }
        if (dict.Items.Count > 0)
        {
            pickle.Mark();
            foreach (var (key, item) in dict.Items)
            {
                pickle.String(key);
                WriteValue(pickle, item, storages);
            }
            pickle.SetItems();
        }
        if (!withMetadata || !dict.Ordered) return;

        // state = {'_metadata': OrderedDict([('', {'version': 1})])}, applied by BUILD after the items.
        pickle.EmptyDict();
        pickle.Put();
        pickle.String("_metadata");
        EmptyOrderedDict(pickle);
        pickle.Mark();
        pickle.String("");
        pickle.EmptyDict();
        pickle.Put();
        pickle.String("version");
        pickle.Int(1);
        pickle.SetItem();
        pickle.SetItems();
        pickle.SetItem();
        pickle.Build();
    }

    private static void EmptyOrderedDict(PickleBuilder pickle)
    {
        pickle.Global("collections", "OrderedDict");
        pickle.EmptyTuple();
        pickle.Reduce();
        pickle.Put();
    }

    private static void WriteTensor(PickleBuilder pickle, StoredTensor tensor, Dictionary<string, byte[]> storages)
    {
        storages[tensor.StorageKey] = tensor.Storage;
        pickle.Global("torch._utils", "_rebuild_tensor_v2");
        pickle.Mark();
        // Persistent id: ('storage', torch.FloatStorage, key, location, element count).
        pickle.Mark();
        pickle.String("storage");
        pickle.Global("torch", StoredTensor.StorageClass(tensor.DType));
        pickle.String(tensor.StorageKey);
        pickle.String("cpu");
        pickle.Int(tensor.StorageElementCount);
        pickle.Tuple();
        pickle.Put();
        pickle.BinPersId();
        pickle.Int(tensor.Offset);
        WriteInts(pickle, tensor.Size);
        WriteInts(pickle, tensor.Stride);
        pickle.Bool(false);
        EmptyOrderedDict(pickle);
        pickle.Tuple();
        pickle.Put();
        pickle.Reduce();
        pickle.Put();
    }

    private static void WriteInts(PickleBuilder pickle, long[] values)
    {
        pickle.TupleOf(values.Select(v => (Action<PickleBuilder>)(p => p.Int(v))).ToArray());
        if (values.Length > 0) pickle.Put();
    }
}
