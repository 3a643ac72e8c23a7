using Microsoft.Extensions.Options;
using MtlAttack.Abstractions;
using MtlAttack.Grains.Placement;

namespace MtlAttack.Grains.Tenants;

[GenerateSerializer]
public sealed class TenantGrainState
{
    [Id(0)] public Dictionary<string, ModelRegistration> Models { get; set; } = new(StringComparer.Ordinal);
    [Id(1)] public List<string> Evaluations { get; set; } = [];
    [Id(2)] public Dictionary<string, ModelDescription> Descriptions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Evaluations last seen running: at most the quota, so checking them all at the next start is cheap.</summary>
    [Id(3)] public HashSet<string> Running { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>A tenant (key: its name): registers its models and starts evaluations of them, within its quotas, and lists both.</summary>
public sealed class TenantGrain(
    [PersistentState("tenant", GrainStorage.Name)] IPersistentState<TenantGrainState> state,
    IOptions<TenantQuotas> quotas) : Grain, ITenantGrain
{
    private string Tenant => this.GetPrimaryKeyString();

    public async Task<ModelDescription> RegisterModel(string model, string checkpointDirectory, string accelerator = Accelerators.Cuda, bool replace = true)
    {
        // Checked here, not by the caller: calls to this grain run one at a time, so two uploads of one name cannot both pass.
        if (!replace && state.State.Models.ContainsKey(model))
            throw new MtlAttackException($"Tenant {Tenant} already has a model '{model}'; choose another name.", MtlAttackErrorKind.Conflict);
        if (!state.State.Models.ContainsKey(model) && state.State.Models.Count >= quotas.Value.MaxModels)
            throw new MtlAttackException($"Tenant {Tenant} has {state.State.Models.Count} models, its quota; this service keeps no more per tenant.",
                MtlAttackErrorKind.QuotaExceeded);
        var registration = BoundaryErrors.Guard(() =>
        {
            var r = new ModelRegistration(ModelKey.Create(Tenant, model), checkpointDirectory, Accelerators.Normalize(accelerator));
            r.Validate();
            return r;
        });
        var description = await GrainFactory.CallModel(registration, m => m.Register(registration));
        state.State.Models[model] = registration;
        state.State.Descriptions[model] = description;
        await state.WriteStateAsync();
        return description;
    }

    public async Task<ModelRegistration> RemoveModel(string model)
    {
        var registration = await GetModel(model);
        var running = (await RefreshRunning()).Where(s => s.Model == registration.Key).Select(s => s.EvaluationId).ToList();
        if (running.Count > 0)
            throw new MtlAttackException($"Model '{model}' has {running.Count} evaluation(s) running ({string.Join(", ", running)}); cancel them or wait for them to finish, then remove it.",
                MtlAttackErrorKind.Conflict);
        // The model grain first: if no silo may host it now (Unavailable), the tenant still has it and may try again.
        await GrainFactory.CallModel(registration, m => m.Unregister());
        state.State.Models.Remove(model);
        state.State.Descriptions.Remove(model);
        await state.WriteStateAsync();
        return registration;
    }

    public Task<IReadOnlyList<string>> Models() => Task.FromResult<IReadOnlyList<string>>(state.State.Models.Keys.Order().ToList());

    public Task<IReadOnlyList<ModelDescription>> DescribeModels() =>
        Task.FromResult<IReadOnlyList<ModelDescription>>(state.State.Descriptions.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Value).ToList());

    public async Task<ModelDescription> DescribeModel(string model)
    {
        var registration = await GetModel(model);
        return await GrainFactory.CallModel(registration, m => m.Describe());
    }

    public Task<bool> OwnsEvaluation(string evaluationId) => Task.FromResult(state.State.Evaluations.Contains(evaluationId));

    public Task<ModelRegistration> GetModel(string model) =>
        Task.FromResult(state.State.Models.GetValueOrDefault(model)
            ?? throw new MtlAttackException($"Tenant {Tenant} has no model '{model}'; register it first.", MtlAttackErrorKind.NotFound));

    public async Task<string> StartEvaluation(EvaluationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Another tenant's model reads as unknown: whether it exists is not this tenant's business.
        if (request.Model.Tenant != Tenant || !state.State.Models.TryGetValue(request.Model.Model, out var registration))
            throw new MtlAttackException($"Tenant {Tenant} has no model '{request.Model.Model}'; register it first.", MtlAttackErrorKind.NotFound);
        var running = await RefreshRunning();
        if (running.Count >= quotas.Value.MaxRunningEvaluations)
            throw new MtlAttackException($"Tenant {Tenant} has {running.Count} evaluations running, its quota; wait for one to finish or cancel one, then start again.",
                MtlAttackErrorKind.QuotaExceeded);
        // Calls to this grain run one at a time, so two starts cannot both spend the same budget.
        var budget = BatchBudget.Of(running, quotas.Value.MaxQueuedBatches);
        string id = $"{Tenant}.{Guid.NewGuid():N}";
        await GrainFactory.GetGrain<IEvaluationGrain>(id).Start(request, registration, budget);
        state.State.Evaluations.Add(id);
        state.State.Running.Add(id);
        await state.WriteStateAsync();
        return id;
    }

    /// <summary>Asks the evaluations last seen running where they stand, forgets those that ended, and returns the rest.</summary>
    private async Task<IReadOnlyList<EvaluationStatus>> RefreshRunning()
    {
        var ids = state.State.Running.ToList();
        var statuses = await Task.WhenAll(ids.Select(id => GrainFactory.GetGrain<IEvaluationGrain>(id).GetStatus()));
        foreach (var status in statuses.Where(s => s.IsFinished || s.State == EvaluationState.Unknown))
            state.State.Running.Remove(status.EvaluationId);
        return statuses.Where(s => state.State.Running.Contains(s.EvaluationId)).ToList();
    }

    public async Task<string?> ForgetEvaluation(string evaluationId)
    {
        if (!state.State.Evaluations.Contains(evaluationId))
            throw new MtlAttackException($"Tenant {Tenant} has no evaluation '{evaluationId}'.", MtlAttackErrorKind.NotFound);
        // The evaluation first: while it still runs it refuses, and the tenant keeps listing it.
        string? reportDirectory = await GrainFactory.GetGrain<IEvaluationGrain>(evaluationId).Forget();
        state.State.Evaluations.Remove(evaluationId);
        state.State.Running.Remove(evaluationId);
        await state.WriteStateAsync();
        return reportDirectory;
    }

    public Task<IReadOnlyList<string>> Evaluations() => Task.FromResult<IReadOnlyList<string>>(state.State.Evaluations.ToList());
}
