using MtlAttack.Core.Models.Architecture;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Import;

/// <summary>
/// Copies a weights file into a network under the network's state-dict names, with the checks checkpoint loading
/// makes: every expected name present, none left over, shapes equal, floating-point tensors into floating-point
/// weights (any precision, converted) and other dtypes exactly, every value finite after conversion. Names, shapes
/// and dtypes are all checked before any weight is replaced.
/// </summary>
internal static class NetworkWeightLoader
{
    private const int NamesListed = 5;

    public static void Load(nn.Module network, IWeightSource source, PyTorchImportOptions options)
    {
        var target = network.state_dict().Where(kv => !options.IsIgnored(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var stored = MapNames(source, options);
        CheckNames(source.Path, target, stored, options);

        foreach (var (name, weight) in target)
        {
            var entry = stored[name];
            if (!entry.Shape.SequenceEqual(weight.shape))
                throw new CheckpointException($"{source.Path}: tensor '{entry.Name}' has shape {entry.ShapeText} but the network expects "
                    + $"{MtlAttack.Core.Models.SafeTensors.SafeTensorEntry.FormatShape(weight.shape)} for '{name}'.");
            if (!StateTensor.Loads(entry.DType, weight.dtype))
                throw new CheckpointException($"{source.Path}: tensor '{entry.Name}' is stored as {entry.DType} but the network holds {weight.dtype} for '{name}'.");
        }

        // One tensor at a time keeps peak memory near one network; a failure part-way leaves a half-loaded network,
        // which the caller disposes.
        foreach (var (name, weight) in target)
        {
            var entry = stored[name];
            using var scope = NewDisposeScope();
            var value = source.Read(entry).to(weight.dtype);
            if (value.is_floating_point())
            {
                long bad = value.isfinite().logical_not().sum().item<long>();
                if (bad > 0)
                    throw new CheckpointException($"{source.Path}: tensor '{entry.Name}' has {bad} NaN or infinite value{(bad == 1 ? "" : "s")}"
                        + (entry.DType != weight.dtype ? $" as {weight.dtype} (stored as {entry.DType})" : "") + "; refusing to load corrupt weights.");
            }
            using var noGrad = no_grad();
            weight.copy_(value);
        }
    }

    private static Dictionary<string, StateTensor> MapNames(IWeightSource source, PyTorchImportOptions options)
    {
        var stored = new Dictionary<string, StateTensor>(StringComparer.Ordinal);
        foreach (var entry in source.Entries)
        {
            var name = options.MapFileName(entry.Name);
            if (name is null) continue;
            if (!stored.TryAdd(name, entry))
                throw new CheckpointException($"{source.Path}: tensors '{stored[name].Name}' and '{entry.Name}' both become '{name}' once the prefix '{options.StripPrefix}' is stripped.");
        }
        return stored;
    }

    private static void CheckNames(string path, Dictionary<string, Tensor> target, Dictionary<string, StateTensor> stored, PyTorchImportOptions options)
    {
        var missing = target.Keys.Where(k => !stored.ContainsKey(k)).ToList();
        var unexpected = stored.Where(kv => !target.ContainsKey(kv.Key)).Select(kv => kv.Value.Name).ToList();
        if (missing.Count == 0 && unexpected.Count == 0) return;

        var message = $"{path} does not match the network its spec describes: " + Listing("missing", missing)
            + (missing.Count > 0 && unexpected.Count > 0 ? "; " : "") + Listing("unexpected", unexpected) + ".";
        if (missing.Count > 0)
            message += $" The network expects its state-dict names, e.g. '{missing[0]}' (backbone.block{{b}}.group{{g}}.… and heads.{{task}}.…).";
        message += Hint(missing, unexpected, options);
        throw new CheckpointException(message);
    }

    private static string Hint(List<string> missing, List<string> unexpected, PyTorchImportOptions options)
    {
        var prefix = unexpected.SelectMany(u => missing.Where(m => u.Length > m.Length && u.EndsWith(m, StringComparison.Ordinal)).Select(m => u[..^m.Length]))
            .FirstOrDefault();
        if (prefix is not null)
            return $" The file's names look like the network's with '{prefix}' in front: import with StripPrefix = \"{prefix}\".";
        if (unexpected.Count == 0 && missing.All(m => m.EndsWith(PyTorchImportOptions.BatchNormCounterSuffix, StringComparison.Ordinal))
            && !options.IgnoredNameSuffixes.Contains(PyTorchImportOptions.BatchNormCounterSuffix))
            return " Only batch-norm step counters are missing: import with IgnoredNameSuffixes = [PyTorchImportOptions.BatchNormCounterSuffix] to keep the network's own.";
        return "";
    }

    private static string Listing(string what, List<string> names) =>
        names.Count == 0 ? "" : $"{names.Count} {what} tensor{(names.Count == 1 ? "" : "s")} ("
            + string.Join(", ", names.Take(NamesListed).Select(n => $"'{PickleText.Printable(n)}'")) + (names.Count > NamesListed ? ", …" : "") + ")";
}
