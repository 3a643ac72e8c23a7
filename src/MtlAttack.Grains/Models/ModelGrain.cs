using MtlAttack.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MtlAttack.Abstractions;
using MtlAttack.Core.Models;
using MtlAttack.Grains.Evaluations;
using MtlAttack.Grains.Hosting;
using MtlAttack.Grains.Placement;
using MtlAttack.Grains.Translation;

namespace MtlAttack.Grains.Models;

[GenerateSerializer]
public sealed class ModelGrainState
{
    [Id(0)] public ModelRegistration? Registration { get; set; }
}

/// <summary>
/// A registered model (key <c>tenant/model</c>): a native checkpoint or a TorchScript module. Placed by accelerator; on
/// activation it loads the model into this silo's <see cref="ModelHost"/> and holds it until deactivation, so that
/// attack grains placed beside it find it loaded.
/// </summary>
[AcceleratorPlacementFilter]
public sealed class ModelGrain(
    [PersistentState("model", GrainStorage.Name)] IPersistentState<ModelGrainState> state,
    ModelHost host,
    IOptions<EvaluationOptions> evaluations,
    ILocalSiloDetails silo,
    ILogger<ModelGrain> logger) : Grain, IModelGrain
{
    private ModelLease? lease;
    private string? loadError;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Registration is { } registration) TryLoad(registration);
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        lease?.Dispose();
        lease = null;
        return Task.CompletedTask;
    }

    public async Task<ModelDescription> Register(ModelRegistration registration)
    {
        ArgumentNullException.ThrowIfNull(registration);
        BoundaryErrors.Guard(() => { registration.Validate(); return 0; });
        if (registration.Key.ToString() != this.GetPrimaryKeyString())
            throw new MtlAttackException($"Registration for {registration.Key} was sent to model grain {this.GetPrimaryKeyString()}.");
        registration = registration with { Accelerator = Accelerators.Normalize(registration.Accelerator) };

        // Load before committing: a checkpoint that cannot be loaded (missing, malformed, NaN weights) is refused and the old one kept.
        var loaded = BoundaryErrors.Guard(() => host.Acquire(registration.CheckpointDirectory, $"model grain {this.GetPrimaryKeyString()} (activation {GrainContext.ActivationId})"), $"Model {registration.Key} cannot be loaded");
        lease?.Dispose();
        lease = loaded;
        loadError = null;
        state.State.Registration = registration;
        await state.WriteStateAsync();
        logger.LogInformation("Registered model {Model} from {Checkpoint}", registration.Key, registration.CheckpointDirectory);
        return Describe(registration, loaded);
    }

    public Task<ModelDescription> Describe()
    {
        var registration = RequireRegistration();
        return Task.FromResult(Describe(registration, RequireLoaded(registration)));
    }

    public async Task Unregister()
    {
        var registration = RequireRegistration();
        lease?.Dispose();
        lease = null;
        loadError = null;
        await state.ClearStateAsync();
        DeactivateOnIdle();
        logger.LogInformation("Unregistered model {Model}", registration.Key);
    }

    public Task<EvaluationPlan> Plan(EvaluationRequest request)
    {
        var registration = RequireRegistration();
        var limits = evaluations.Value.Limits;
        EvaluationRequestMapping.ValidateRequest(request, limits);
        var model = RequireLoaded(registration).Model;
        var evaluator = EvaluationRequestMapping.CreateEvaluator(model, request, host.Device, limits);
        return Task.FromResult(EvaluationStateMapping.Plan(evaluator));
    }

    private ModelRegistration RequireRegistration() =>
        state.State.Registration ?? throw new MtlAttackException($"Model {this.GetPrimaryKeyString()} is not registered.", MtlAttackErrorKind.NotFound);

    private ModelLease RequireLoaded(ModelRegistration registration)
    {
        if (lease is null) TryLoad(registration);
        return lease ?? throw new MtlAttackException(loadError!, MtlAttackErrorKind.Conflict);
    }

    private void TryLoad(ModelRegistration registration)
    {
        try
        {
            lease = host.Acquire(registration.CheckpointDirectory, $"model grain {this.GetPrimaryKeyString()} (activation {GrainContext.ActivationId})");
            loadError = null;
        }
        catch (Exception e) when (BoundaryErrors.IsBadInput(e))
        {
            // The grain stays up to report why: its checkpoint changed on disk since registration.
            loadError = $"Model {registration.Key} cannot be loaded: {UserMessages.Of(e)}";
            logger.LogWarning(e, "Model {Model} failed to load", registration.Key);
        }
    }

    private ModelDescription Describe(ModelRegistration registration, ModelLease loaded)
    {
        var (backbone, layout) = loaded.Model is NativeModel native
            ? (native.Network.Spec.Backbone, native.Network.Spec.Layout)
            // A user's module: its architecture is whatever its TorchScript code does.
            : (ModelDescription.TorchScriptArchitecture, ModelDescription.TorchScriptArchitecture);
        return new(registration, loaded.Model.TaskNames.ToList(), backbone, layout, silo.SiloAddress.ToParsableString(), host.Device.ToString(),
            loaded.Model.Header.Format.ToString().ToLowerInvariant());
    }
}
