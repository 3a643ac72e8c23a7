using System.Security.Cryptography;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Cli.Commands.ModelAccess;

/// <summary>A checkpoint loaded onto a device in eval mode, with the dataset tasks that score its heads.</summary>
public sealed class LoadedModel : IDisposable
{
    private LoadedModel(string directory, MultiTaskNetwork network, IReadOnlyList<VisionTask> tasks)
    {
        Directory = directory;
        Network = network;
        Tasks = tasks;
    }

    /// <summary>Full path of the checkpoint folder.</summary>
    public string Directory { get; }

    public MultiTaskNetwork Network { get; }

    /// <summary>The dataset's tasks for the model's heads, in the model's order.</summary>
    public IReadOnlyList<VisionTask> Tasks { get; }

    public ModelSpec Spec => Network.Spec;

    /// <summary>Loads the checkpoint in <paramref name="checkpoint"/> and checks that <paramref name="dataset"/> can score it.</summary>
    public static LoadedModel Load(string checkpoint, IMultiTaskDataset dataset, torch.Device device)
    {
        var network = MultiTaskNetwork.Load(checkpoint, device);
        try
        {
            IReadOnlyList<VisionTask> tasks;
            try { tasks = ModelDatasetMatch.Tasks(network.Spec, dataset); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            network.eval();
            return new LoadedModel(checkpoint, network, tasks);
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>The spec alone, for choosing a dataset before the weights are read.</summary>
    public static ModelSpec ReadSpec(string checkpoint)
    {
        string path = Path.Combine(checkpoint, MultiTaskNetwork.SpecFileName);
        try
        {
            return ModelSpec.FromJson(File.ReadAllText(path));
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// SHA-256 over model.json and the weights: names these exact weights wherever the folder is moved, so saved
    /// progress is never resumed against a retrained model.
    /// </summary>
    public string ContentHash()
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var name in new[] { MultiTaskNetwork.SpecFileName, MultiTaskNetwork.WeightsFileName })
        {
            using var stream = File.OpenRead(Path.Combine(Directory, name));
            var buffer = new byte[1 << 20];
            int read;
            while ((read = stream.Read(buffer)) > 0) hash.AppendData(buffer, 0, read);
        }
        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public void Dispose() => Network.Dispose();
}
