using MtlAttack.Cli.Options;
using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using MtlAttack.Core.Tasks;
using MtlAttack.Core.Training;
using TorchSharp;

namespace MtlAttack.Cli.Commands.Shared.ModelAccess;

/// <summary>
/// The common start of <c>eval</c> and <c>attack</c>: find the checkpoint, choose and open the dataset (the one
/// given, or the one the model's provenance says it was trained on), pick the device, load the model folder (native
/// checkpoint or TorchScript) in eval mode and match its heads to the data. A folder the input makes unusable (a bad
/// model.json, a module MtlAttack cannot attack, a dataset without the model's tasks) is a usage error: exit 2 with
/// Core's message.
/// </summary>
public sealed class ModelSession(AttackableModel model, IReadOnlyList<VisionTask> tasks, DatasetSpec datasetSpec, IMultiTaskDataset dataset,
    torch.Device device) : IDisposable
{
    public AttackableModel Model { get; } = model;

    /// <summary>The dataset's tasks for the model's heads, in the model's order.</summary>
    public IReadOnlyList<VisionTask> Tasks { get; } = tasks;

    public DatasetSpec DatasetSpec { get; } = datasetSpec;
    public IMultiTaskDataset Dataset { get; } = dataset;
    public torch.Device Device { get; } = device;

    public static ModelSession Open(string modelOption, DatasetSpec? datasetOption, string deviceOption)
    {
        string checkpoint = ModelDirectory.Resolve(modelOption);
        // model.json alone chooses the dataset, before the weights or code are read.
        var provenance = UsageException.Refused(() => ModelFolder.ReadHeader(checkpoint)).Provenance;
        var spec = datasetOption ?? TrainingProvenance.TrainedOn(provenance)
            ?? throw new UsageException($"--dataset is required: the model's model.json does not record the dataset it was trained on (provenance.{TrainingProvenance.DatasetKey}).");
        var dataset = DatasetOpener.Open(spec);
        var device = DeviceOption.Resolve(deviceOption);
        var model = UsageException.Refused(() => ModelFolder.Load(checkpoint, device));
        try
        {
            return new ModelSession(model, UsageException.Guard(() => model.TasksFor(dataset), ""), spec, dataset, device);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    public void Dispose() => Model.Dispose();
}
