namespace MtlAttack.Core.Models.Import;

/// <summary>
/// Opens a weights file by what it holds, not by its extension (Hugging Face names torch zips <c>.bin</c>): a zip is
/// a <c>torch.save</c> archive, an 8-byte length followed by <c>{</c> is safetensors. The pre-1.6 pickle-only
/// <c>torch.save</c> format is refused with advice.
/// </summary>
internal static class WeightSources
{
    public static IWeightSource Open(string path, PyTorchImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"No weights file at {path}.", path);

        Span<byte> head = stackalloc byte[9];
        int length;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..length];

        if (head.StartsWith("PK"u8)) return PyTorchWeightSource.Open(path, options);
        if (head.Length == 9 && head[8] == (byte)'{') return SafeTensorsWeightSource.Open(path, options);
        if (head.Length >= 2 && head[0] == (byte)PickleOpcode.PROTO)
            throw new PyTorchFormatException($"{path}: it is in the legacy torch.save format (before PyTorch 1.6, or _use_new_zipfile_serialization=False), "
                + "which MtlAttack does not read. Re-save it with a current torch.save(model.state_dict()) or as safetensors.");
        throw new PyTorchFormatException($"{path}: it is neither a torch.save zip nor a safetensors file (it starts with {Convert.ToHexString(head)}).");
    }
}
