using MtlAttack.Abstractions;
using MtlAttack.Client.Contracts;

namespace MtlAttack.Api.Endpoints;

/// <summary>Grain DTOs to the wire contracts and back.</summary>
public static class ApiMapping
{
    public static ModelInfo ToInfo(ModelDescription d, bool live = true) => new(
        d.Registration.Key.Model, d.Tasks, d.Backbone, d.Layout, d.Registration.Accelerator,
        live ? d.Silo : null, live ? d.Device : null);

    public static EvaluationInfo ToInfo(EvaluationStatus s) => new(
        s.EvaluationId, s.Model?.Model ?? "", s.State.ToString().ToLowerInvariant(), s.BatchesDone, s.BatchesTotal, s.Error, s.Waiting);

    /// <summary>The caller's request with the CLI's defaults for whatever it left out. Never a report folder: remote callers get reports over HTTP.</summary>
    public static EvaluationRequest ToRequest(string tenant, StartEvaluationRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.ModelId)) throw new ArgumentException("Name the model to evaluate in 'modelId'.");
        if (string.IsNullOrWhiteSpace(r.Dataset)) throw new ArgumentException("Name the dataset in 'dataset' as a dataset SPEC, e.g. 'synthetic:count=200,size=64,seed=1'.");
        var defaults = new EvaluationRequest { Model = ModelKey.Create(tenant, r.ModelId), Dataset = r.Dataset };
        return defaults with
        {
            Algorithms = r.Algorithms ?? defaults.Algorithms,
            Objectives = r.Objectives ?? defaults.Objectives,
            Epsilons = r.Epsilons ?? defaults.Epsilons,
            Steps = r.Steps ?? defaults.Steps,
            Seed = r.Seed ?? defaults.Seed,
            Split = r.Split ?? defaults.Split,
            BatchSize = r.BatchSize ?? defaults.BatchSize,
            MaxSamples = r.MaxSamples ?? defaults.MaxSamples,
            RandomStart = r.RandomStart ?? defaults.RandomStart,
        };
    }
}
