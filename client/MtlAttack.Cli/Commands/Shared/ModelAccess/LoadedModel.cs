using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;
using MtlAttack.Core.Tasks;
using TorchSharp;

namespace MtlAttack.Cli.Commands.Shared.ModelAccess;

/// <summary>
/// A model folder (native checkpoint or TorchScript) loaded onto a device in eval mode, with the dataset tasks that
/// score its heads. A folder the input makes unusable (a bad model.json, a module MtlAttack cannot attack, a dataset
/// without the model's tasks) is a usage error: exit 2 with Core's message.
/// </summary>
public sealed class LoadedModel : IDisposable
{
    private LoadedModel(AttackableModel model, IReadOnlyList<VisionTask> tasks)
    {
        Model = model;
        Tasks = tasks;
    }

    public AttackableModel Model { get; }

    /// <summary>Full path of the model folder.</summary>
    public string Directory => Model.Directory;

    /// <summary>The dataset's tasks for the model's heads, in the model's order.</summary>
    public IReadOnlyList<VisionTask> Tasks { get; }

    /// <summary>Loads the model in <paramref name="checkpoint"/> and checks that <paramref name="dataset"/> can score it.</summary>
    public static LoadedModel Load(string checkpoint, IMultiTaskDataset dataset, torch.Device device)
    {
        AttackableModel model;
        try { model = ModelFolder.Load(checkpoint, device); }
        catch (ModelRefusedException e) { throw new UsageException(e.Message, e); }
        try
        {
            IReadOnlyList<VisionTask> tasks;
            try { tasks = model.TasksFor(dataset); }
            catch (ArgumentException e) { throw new UsageException(e.Message); }
            return new LoadedModel(model, tasks);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>What model.json declares, for choosing a dataset before the weights or code are read.</summary>
    public static ModelHeader ReadHeader(string checkpoint)
    {
        try { return ModelFolder.ReadHeader(checkpoint); }
        catch (ModelRefusedException e) { throw new UsageException(e.Message, e); }
    }

    public void Dispose() => Model.Dispose();
}
