namespace MtlAttack.Abstractions;

/// <summary>
/// A registered model (key <c>tenant/model</c>). Its activation lives on a silo with the model's accelerator and
/// holds the network loaded in that silo's model host; attack grains run beside it.
/// </summary>
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Registers (or re-registers) the model; loads and validates the checkpoint first, so a bad one is refused.</summary>
    Task<ModelDescription> Register(ModelRegistration registration);

    /// <summary>Throws <see cref="MtlAttackException"/> (NotFound) when the model was never registered.</summary>
    Task<ModelDescription> Describe();

    /// <summary>
    /// Forgets the registration and lets go of the loaded network; the grain deactivates. NotFound when the model was
    /// never registered. The checkpoint files are the registrar's to delete.
    /// </summary>
    Task Unregister();

    /// <summary>Checks <paramref name="request"/> against the loaded network and the dataset, and plans its cells and batches.</summary>
    Task<EvaluationPlan> Plan(EvaluationRequest request);
}
