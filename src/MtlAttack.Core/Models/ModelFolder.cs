using MtlAttack.Core.Models.TorchScript;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models;

/// <summary>
/// A model folder: model.json, and beside it either weights.safetensors (a native network) or the TorchScript file
/// model.json names (<c>"format": "torchscript"</c>). The one place that tells the two apart.
/// </summary>
public static class ModelFolder
{
    /// <summary>What model.json declares, without loading weights or code. Throws <see cref="CheckpointException"/> naming the file on a bad spec.</summary>
    public static ModelHeader ReadHeader(string directory)
    {
        string path = Path.Combine(directory, MultiTaskNetwork.SpecFileName);
        if (!File.Exists(path)) throw new CheckpointException($"Model folder '{directory}' has no {MultiTaskNetwork.SpecFileName}.");
        try
        {
            string json = File.ReadAllText(path);
            return TorchScriptSpec.FormatOf(json) == ModelFormat.TorchScript
                ? TorchScriptSpec.FromJson(json).Header
                : ModelHeader.Of(ModelSpec.FromJson(json));
        }
        catch (InvalidDataException e)
        {
            throw new ModelRefusedException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>Loads the model in <paramref name="directory"/> onto <paramref name="device"/>, in eval mode with frozen weights.</summary>
    public static AttackableModel Load(string directory, Device device, TorchScriptLimits? limits = null)
    {
        string full = Path.GetFullPath(directory);
        var header = ReadHeader(full);
        if (header.Format == ModelFormat.Native) return NativeModel.Load(full, device);
        var spec = TorchScriptSpec.FromJson(File.ReadAllText(Path.Combine(full, MultiTaskNetwork.SpecFileName)));
        return TorchScriptModel.Load(full, spec, device, limits);
    }
}
