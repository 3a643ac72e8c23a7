using TorchSharp;
using static TorchSharp.torch;

namespace MtlAttack.Core.Models.Import;

/// <summary>
/// Brings weights trained in PyTorch into a <see cref="MultiTaskNetwork"/>: a safetensors file or a <c>torch.save</c>
/// zip (<c>.pt</c>, <c>.pth</c>, <c>.bin</c>) of a state dict whose names follow the network's state-dict naming
/// (see <see cref="MultiTaskNetwork"/>; <see cref="PyTorchImportOptions"/> strips a prefix or skips names).
/// <para>
/// A <c>.pt</c> is read by a restricted unpickler that never runs Python: its pickle may hold only tensors and plain
/// containers (dict, OrderedDict, list, tuple, str, numbers). Anything else, such as a call to <c>os.system</c> or a
/// pickled model object, is refused with an <see cref="UnsafePickleException"/> naming it.
/// </para>
/// </summary>
public static class PyTorchImport
{
    /// <summary>
    /// Builds the network <paramref name="spec"/> describes and loads the file's weights into it, checking every
    /// tensor first. The result's provenance records the file's name and format.
    /// </summary>
    /// <exception cref="PyTorchFormatException">The file is not a readable state dict (or <see cref="UnsafePickleException"/>: its pickle holds more than tensors and plain containers).</exception>
    /// <exception cref="SafeTensors.SafeTensorsFormatException">A safetensors file is malformed or oversize.</exception>
    /// <exception cref="CheckpointException">A tensor is missing, unexpected, of the wrong shape or dtype, or not finite.</exception>
    public static MultiTaskNetwork Import(ModelSpec spec, string weightsPath, Device? device = null, PyTorchImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(weightsPath);
        options ??= PyTorchImportOptions.Default;
        spec.Validate();

        // The file is opened and its format checked before the network is built, so a bad file costs no allocation.
        using var source = WeightSources.Open(weightsPath, options);
        // A fixed seed draws the (overwritten) initial weights from a private generator, leaving torch's global one alone.
        var network = MultiTaskNetwork.Create(spec, seed: 0);
        try
        {
            NetworkWeightLoader.Load(network, source, options);
            network.UpdateProvenance([new("importedFrom", Path.GetFileName(weightsPath)), new("importedFormat", source.FormatName)]);
            if (device is not null && device.type != DeviceType.CPU) network.to(device);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Imports as <see cref="Import"/> does and saves the result as a checkpoint directory (<c>model.json</c> and
    /// <c>weights.safetensors</c>) that <see cref="MultiTaskNetwork.Load"/> reads. Nothing is written unless the
    /// import succeeds.
    /// </summary>
    public static void ImportToCheckpoint(ModelSpec spec, string weightsPath, string checkpointDirectory, PyTorchImportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(checkpointDirectory);
        using var network = Import(spec, weightsPath, device: null, options);
        network.Save(checkpointDirectory);
    }
}
