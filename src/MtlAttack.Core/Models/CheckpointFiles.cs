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

        var network = build(spec);
        try
        {
            using var reader = SafeTensorsReader.Open(weightsPath);
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
        var stored = reader.Entries.ToDictionary(e => e.Name, StringComparer.Ordinal);
        var missing = target.Keys.Where(k => !stored.ContainsKey(k)).ToList();
        var unexpected = stored.Keys.Where(k => !target.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new CheckpointException($"{reader.Path} does not match the network its model.json describes: "
                + Listing("missing", missing) + (missing.Count > 0 && unexpected.Count > 0 ? "; " : "") + Listing("unexpected", unexpected) + ".");

        foreach (var (name, parameter) in target)
        {
            var entry = stored[name];
            if (!entry.Shape.SequenceEqual(parameter.shape))
                throw new CheckpointException($"{reader.Path}: tensor '{name}' has shape {entry.ShapeText} but the network expects {SafeTensorEntry.FormatShape(parameter.shape)}.");
            bool parameterIsFloat = parameter.is_floating_point();
            if (entry.DType.IsFloatingPoint() != parameterIsFloat || (!parameterIsFloat && entry.DType.ToScalarType() != parameter.dtype))
                throw new CheckpointException($"{reader.Path}: tensor '{name}' is stored as {entry.DType} but the network holds {parameter.dtype}.");
        }

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

    private static string Listing(string what, List<string> names) =>
        names.Count == 0 ? "" : $"{names.Count} {what} tensor{(names.Count == 1 ? "" : "s")} ({string.Join(", ", names.Take(5).Select(n => $"'{n}'"))}{(names.Count > 5 ? ", …" : "")})";
}
