using Orleans.Concurrency;

namespace MtlAttack.Abstractions;

/// <summary>A tenant (key: its name): the models it registered and the evaluations it started.</summary>
public interface ITenantGrain : IGrainWithStringKey
{
    /// <summary>
    /// Registers a model (its checkpoint is loaded and checked first). With <paramref name="replace"/> false a model of
    /// that name that already exists is a <see cref="MtlAttackErrorKind.Conflict"/> instead of being replaced.
    /// </summary>
    Task<ModelDescription> RegisterModel(string model, string checkpointDirectory, string accelerator = Accelerators.Cuda, bool replace = true);

    Task<IReadOnlyList<string>> Models();

    /// <summary>The tenant's models as registered (heads, backbone, layout; where they were first loaded), by name.</summary>
    [AlwaysInterleave]
    Task<IReadOnlyList<ModelDescription>> DescribeModels();

    /// <summary>The model as its grain describes it now (where it is loaded); NotFound for a model this tenant did not register.</summary>
    [AlwaysInterleave]
    Task<ModelDescription> DescribeModel(string model);

    /// <summary>Throws <see cref="MtlAttackException"/> (NotFound) for a model this tenant did not register.</summary>
    [AlwaysInterleave] // read-only; the evaluation grain asks for it while the tenant awaits that evaluation's start
    Task<ModelRegistration> GetModel(string model);

    /// <summary>
    /// Unregisters one of this tenant's models and returns its registration (the caller deletes the checkpoint files it
    /// owns). NotFound for a model this tenant did not register; Conflict while an evaluation of it runs. Reports of its
    /// finished evaluations stay.
    /// </summary>
    Task<ModelRegistration> RemoveModel(string model);

    /// <summary>Starts an evaluation of one of this tenant's models; returns the new evaluation's id.</summary>
    Task<string> StartEvaluation(EvaluationRequest request);

    Task<IReadOnlyList<string>> Evaluations();

    /// <summary>
    /// Forgets one of this tenant's ended evaluations (<see cref="IEvaluationGrain.Forget"/>) and returns its report
    /// directory for the caller to delete. NotFound for an evaluation this tenant did not start; Conflict while it runs.
    /// </summary>
    Task<string?> ForgetEvaluation(string evaluationId);

    /// <summary>Whether this tenant started the evaluation <paramref name="evaluationId"/>; callers answer "not found" otherwise.</summary>
    [AlwaysInterleave]
    Task<bool> OwnsEvaluation(string evaluationId);
}
