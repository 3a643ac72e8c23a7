using System.IO.Compression;
using System.Text.RegularExpressions;

namespace MtlAttack.Core.Models.TorchScript;

/// <summary>
/// Checks that a file is what <c>torch.jit.save</c> writes before libtorch is given it: a zip within the size limits
/// holding TorchScript code (<c>{archive}/code/</c>) and constants, not a pickled Python object (<c>torch.save</c>),
/// which MtlAttack never unpickles for this. Also reads the code's declared return type of <c>forward</c>, to explain
/// a module whose output MtlAttack cannot take.
/// </summary>
internal static partial class TorchScriptArchive
{
    /// <summary>Throws <see cref="ModelRefusedException"/> unless <paramref name="path"/> is a TorchScript archive within <paramref name="limits"/>.</summary>
    /// <returns>The declared return types of the archive's <c>forward</c> methods (e.g. <c>Dict[str, Tensor]</c>).</returns>
    public static IReadOnlyList<string> Check(string path, TorchScriptLimits limits)
    {
        string name = Path.GetFileName(path);
        var info = new FileInfo(path);
        if (!info.Exists) throw new ModelRefusedException($"The TorchScript file '{name}' that model.json names is not in the model folder.");
        if (info.Length > limits.MaxFileBytes)
            throw new ModelRefusedException($"The TorchScript file '{name}' is {info.Length:N0} bytes, over the limit of {limits.MaxFileBytes:N0}.");
        ZipArchive zip;
        try
        {
            zip = ZipFile.OpenRead(path);
        }
        catch (InvalidDataException)
        {
            throw new ModelRefusedException($"'{name}' is not a TorchScript archive (the zip torch.jit.save writes); save the module with torch.jit.script(model).save(\"{name}\") or torch.jit.trace(model, example).save(\"{name}\").");
        }
        using (zip)
        {
            long unpacked = 0;
            foreach (var entry in zip.Entries) unpacked += entry.Length;
            if (unpacked > limits.MaxUnpackedBytes || zip.Entries.Count > limits.MaxEntries)
                throw new ModelRefusedException($"'{name}' unpacks to {unpacked:N0} bytes in {zip.Entries.Count:N0} entries, over the limits of {limits.MaxUnpackedBytes:N0} bytes and {limits.MaxEntries:N0} entries.");
            var code = zip.Entries.Where(e => IsCode(e.FullName)).ToList();
            if (code.Count == 0 || !zip.Entries.Any(e => e.FullName.EndsWith("/constants.pkl", StringComparison.Ordinal)))
            {
                bool pickle = zip.Entries.Any(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal));
                throw new ModelRefusedException(pickle
                    ? $"'{name}' was written by torch.save (a pickled Python object), not torch.jit.save; MtlAttack runs TorchScript and never unpickles Python objects. Save it with torch.jit.script(model).save(\"{name}\") or torch.jit.trace(model, example).save(\"{name}\")."
                    : $"'{name}' is a zip but not a TorchScript archive (it has no code/ and constants.pkl); save the module with torch.jit.save.");
            }
            var returns = new List<string>();
            foreach (var entry in code.Where(e => e.Length <= limits.MaxCodeBytes))
            {
                using var reader = new StreamReader(entry.Open());
                foreach (Match match in ForwardReturn().Matches(reader.ReadToEnd())) returns.Add(match.Groups[1].Value.Trim());
            }
            return returns;
        }
    }

    private static bool IsCode(string entry)
    {
        int slash = entry.IndexOf('/');
        return slash > 0 && entry.AsSpan(slash).StartsWith("/code/") && entry.EndsWith(".py", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"def forward\(self[^)]*\)\s*->\s*([^:\n]+):")]
    private static partial Regex ForwardReturn();
}
