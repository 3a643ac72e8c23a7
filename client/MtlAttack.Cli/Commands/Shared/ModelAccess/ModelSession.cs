using MtlAttack.Cli.Options;
using MtlAttack.Core.Datasets;
using TorchSharp;

namespace MtlAttack.Cli.Commands.Shared.ModelAccess;

/// <summary>
/// The common start of <c>eval</c> and <c>attack</c>: find the checkpoint, choose and open the dataset (the one
/// given, or the one the model was trained on), pick the device, load the network and match its heads to the data.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private ModelSession(LoadedModel model, DatasetSpec datasetSpec, IMultiTaskDataset dataset, torch.Device device)
    {
        Model = model;
        DatasetSpec = datasetSpec;
        Dataset = dataset;
        Device = device;
    }

    public LoadedModel Model { get; }
    public DatasetSpec DatasetSpec { get; }
    public IMultiTaskDataset Dataset { get; }
    public torch.Device Device { get; }

    public static ModelSession Open(string modelOption, DatasetSpec? datasetOption, string deviceOption)
    {
        string checkpoint = ModelDirectory.Resolve(modelOption);
        var spec = DatasetChoice.For(datasetOption, LoadedModel.ReadHeader(checkpoint).Provenance);
        var dataset = DatasetOpener.Open(spec);
        var device = DeviceOption.Resolve(deviceOption);
        return new ModelSession(LoadedModel.Load(checkpoint, dataset, device), spec, dataset, device);
    }

    /// <summary>One line naming the model: where it is, what it is (backbone and layout, or TorchScript file) and its tasks.</summary>
    public string ModelLine() => Model.Model.Describe();

    public void Dispose() => Model.Dispose();
}
