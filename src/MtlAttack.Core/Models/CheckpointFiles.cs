using MtlAttack.Core.Models.Architecture;
using MtlAttack.Core.Models.SafeTensors;
using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models;

/// <summary>
/// A checkpoint is one directory: <c>model.json</c> (the <see cref="ModelSpec"/>) and <c>weights.safetensors</c>
/// (the state dict: parameters and batch-norm buffers, under the network's state-dict names). Loading checks every
/// tensor against the network the spec builds before any weight is replaced.
/// </summary>
internal static class CheckpointFiles
{
    public static void Save(MultiTaskNetwork network, string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var specPath = Path.Combine(directory, MultiTaskNetwork.SpecFileName);
        var temporary = specPath + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            File.WriteAllText(temporary, network.Spec.ToJson());
            File.Move(temporary, specPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }

        var metadata = new Dictionary<string, string>
        {
            ["format"] = "pt",
            ["producer"] = "MtlAttack",
            ["backbone"] = network.Spec.Backbone,
            ["layout"] = network.Spec.Layout,
        };
        using var scope = NewDisposeScope();
        SafeTensorsWriter.Write(Path.Combine(directory, MultiTaskNetwork.WeightsFileName),
            network.state_dict().Select(kv => (kv.Key, kv.Value)), metadata);
    }

    public static MultiTaskNetwork Load(string directory, Func<ModelSpec, MultiTaskNetwork> build)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
            throw new CheckpointException($"Checkpoint directory '{directory}' does not exist.");
        var specPath = Path.Combine(directory, MultiTaskNetwork.SpecFileName);
        var weightsPath = Path.Combine(directory, MultiTaskNetwork.WeightsFileName);
        if (!File.Exists(specPath))
            throw new CheckpointException($"Checkpoint '{directory}' has no {MultiTaskNetwork.SpecFileName}.");
        if (!File.Exists(weightsPath))
            throw new CheckpointException($"Checkpoint '{directory}' has no {MultiTaskNetwork.WeightsFileName}.");

        ModelSpec spec;
        try
        {
            spec = ModelSpec.FromJson(File.ReadAllText(specPath));
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException($"{specPath}: {e.Message}", e);
        }

        using var reader = SafeTensorsReader.Open(weightsPath);
        // The header against what the spec declares, before the network is built: a model.json that does not fit its
        // weights (say, millions of classes) is refused without allocating the network it describes.
        CheckEntries(reader, NetworkState.Of(spec));
        var network = build(spec);
        try
        {
            LoadStateDict(network, reader);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Checks names, shapes and dtypes of every tensor before reading any, then reads, checks finiteness and copies.</summary>
    internal static void LoadStateDict(nn.Module module, SafeTensorsReader reader)
    {
        var target = module.state_dict();
        CheckEntries(reader, target.Select(kv => new StateTensor(kv.Key, kv.Value.shape, kv.Value.dtype)).ToList());
        var stored = reader.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);

        // Tensors are read and copied one at a time to keep peak memory near one network; a failure part-way
        // leaves a half-loaded network, which Load disposes.
        foreach (var (name, parameter) in target)
        {
            using var value = reader.Read(stored[name]);
            if (value.is_floating_point())
            {
                using var bad = value.isfinite().logical_not().sum();
                long count = bad.item<long>();
                if (count > 0)
                    throw new CheckpointException($"{reader.Path}: tensor '{name}' has {count} NaN or infinite value{(count == 1 ? "" : "s")}; refusing to load corrupt weights.");
            }
            using var noGrad = no_grad();
            parameter.copy_(value);
        }
    }

    /// <summary>
    /// The file's tensors are exactly <paramref name="expected"/>: no name missing or left over, equal shapes,
    /// floating point where the network holds floating point (any precision) and other types exactly.
    /// </summary>
    private static void CheckEntries(SafeTensorsReader reader, IReadOnlyList<StateTensor> expected)
    {
        var stored = reader.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var names = expected.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var missing = expected.Where(t => !stored.ContainsKey(t.Name)).Select(t => t.Name).ToList();
        var unexpected = stored.Keys.Where(k => !names.Contains(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new CheckpointException($"{reader.Path} does not match the network its model.json describes: "
                + Listing("missing", missing) + (missing.Count > 0 && unexpected.Count > 0 ? "; " : "") + Listing("unexpected", unexpected) + ".");

        foreach (var tensor in expected)
        {
            var entry = stored[tensor.Name];
            if (!entry.Shape.SequenceEqual(tensor.Shape))
                throw new CheckpointException($"{reader.Path}: tensor '{tensor.Name}' has shape {entry.ShapeText} but the network expects {tensor.ShapeText}.");
            if (!StateTensor.Loads(entry.DType, tensor.DType))
                throw new CheckpointException($"{reader.Path}: tensor '{tensor.Name}' is stored as {WeightDTypes.SafeTensorsName(entry.DType)} but the network holds {tensor.DType}.");
        }
    }

    private static string Listing(string what, List<string> names) =>
        names.Count == 0 ? "" : $"{names.Count} {what} tensor{(names.Count == 1 ? "" : "s")} ({string.Join(", ", names.Take(5).Select(n => $"'{n}'"))}{(names.Count > 5 ? ", …" : "")})";
}
