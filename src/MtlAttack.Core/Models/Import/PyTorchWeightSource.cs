using MtlAttack.Core.Models.Architecture;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Import;

/// <summary>
/// A <c>torch.save</c> zip read through <see cref="RestrictedUnpickler"/>: the pickle is run (without executing
/// anything) when the file is opened, every tensor's view is checked to lie inside its storage, and storages are
/// read only when a tensor is.
/// </summary>
internal sealed class PyTorchWeightSource : IWeightSource
{
    private readonly TorchZipArchive archive;
    private readonly Dictionary<string, TensorReference> tensors;

    private PyTorchWeightSource(TorchZipArchive archive, IReadOnlyList<(string Name, TensorReference Tensor)> stateDict)
    {
        this.archive = archive;
        tensors = stateDict.ToDictionary(t => t.Name, t => t.Tensor, StringComparer.Ordinal);
        Entries = stateDict.Select(t => new StateTensor(t.Name, t.Tensor.Size, t.Tensor.Storage.DType)).ToList();
    }

    public string Path => archive.Path;

    public string FormatName => "pytorch";

    public IReadOnlyList<StateTensor> Entries { get; }

    public static PyTorchWeightSource Open(string path, PyTorchImportOptions options) => Open(path, options, out _);

    /// <summary>
    /// As <see cref="Open(string, PyTorchImportOptions)"/>, also handing back everything the pickle built (a training
    /// checkpoint's other entries). With <paramref name="checkpointKey"/>, a top-level dict that has that key is a
    /// training checkpoint whose state dict is that entry, and any other is a bare state dict.
    /// </summary>
    public static PyTorchWeightSource Open(string path, PyTorchImportOptions options, out object? root, string? checkpointKey = null)
    {
        var archive = TorchZipArchive.Open(path, options);
        try
        {
            root = RestrictedUnpickler.Load(archive.ReadPickle(), path, options.MaxPickleValues);
            string? stateDictKey = checkpointKey is not null && root is PickleDict top && top.TryGet(checkpointKey, out _) ? checkpointKey : options.StateDictKey;
            var stateDict = PickledStateDict.Select(root, path, stateDictKey);
            if (stateDict.Count > options.MaxTensorCount)
                throw new PyTorchFormatException($"{path}: it holds {stateDict.Count} tensors, more than the limit of {options.MaxTensorCount}.");
            foreach (var (name, tensor) in stateDict) CheckView(path, name, tensor, options);
            return new PyTorchWeightSource(archive, stateDict);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
    }

    public Tensor Read(StateTensor entry)
    {
        var tensor = tensors[entry.Name];
        using var storage = archive.ReadStorage(tensor.Storage);
        // A view of the storage exactly as torch saved it (transposed, sliced, sharing a storage with other tensors).
        return storage.as_strided(tensor.Size, tensor.Stride, tensor.StorageOffset);
    }

    public void Dispose() => archive.Dispose();

    // as_strided trusts its arguments; a view reaching past its storage would read memory that is not the tensor's.
    private static void CheckView(string path, string name, TensorReference tensor, PyTorchImportOptions options)
    {
        var where = $"{path}: tensor '{PickleText.Printable(name)}'";
        if (tensor.Size.Any(s => s < 0) || tensor.Stride.Any(s => s < 0) || tensor.StorageOffset < 0)
            throw new PyTorchFormatException($"{where} has a negative size, stride or offset (size {Format(tensor.Size)}, stride {Format(tensor.Stride)}, offset {tensor.StorageOffset}).");
        long count, lastIndex;
        try
        {
            count = tensor.ElementCount;
            lastIndex = tensor.StorageOffset;
            for (int i = 0; i < tensor.Size.Length; i++) lastIndex = checked(lastIndex + (tensor.Size[i] - 1) * tensor.Stride[i]);
            if (checked(count * tensor.Storage.ElementSize) > options.MaxTensorBytes)
                throw new PyTorchFormatException($"{where} has {count} elements, more than the limit of {options.MaxTensorBytes} bytes.");
        }
        catch (OverflowException)
        {
            throw new PyTorchFormatException($"{where} has a size or stride too large to address (size {Format(tensor.Size)}, stride {Format(tensor.Stride)}).");
        }
        if (count > 0 && lastIndex >= tensor.Storage.ElementCount)
            throw new PyTorchFormatException($"{where} (size {Format(tensor.Size)}, stride {Format(tensor.Stride)}, offset {tensor.StorageOffset}) "
                + $"reaches element {lastIndex} of storage '{tensor.Storage.Key}', which has only {tensor.Storage.ElementCount}.");
    }

    private static string Format(long[] values) => MtlAttack.Core.Models.SafeTensors.SafeTensorEntry.FormatShape(values);
}
