using MtlAttack.Abstractions;
using MtlAttack.Api.Contracts;

namespace MtlAttack.Api.Endpoints;

/// <summary>Grain DTOs to the wire contracts and back.</summary>
public static class ApiMapping
{
    public static ModelInfo ToInfo(ModelDescription d, bool live = true) => new(
        d.Registration.Key.Model, d.Tasks, d.Backbone, d.Layout, d.Registration.Accelerator,
        live ? d.Silo : null, live ? d.Device : null, d.Format);

    /// <summary>The status as the caller sees it: never the server's folder (<see cref="EvaluationStatus.ReportDirectory"/>), not even inside an error.</summary>
    public static EvaluationInfo ToInfo(EvaluationStatus s) => new(
        s.EvaluationId, s.Model?.Model ?? "", s.State.ToString().ToLowerInvariant(), s.BatchesDone, s.BatchesTotal, ErrorOf(s), s.Waiting);

    /// <summary>The status's error with the evaluation's folder replaced by words: a failed export names its files by their full path.</summary>
    public static string? ErrorOf(EvaluationStatus s) => WithoutFolder(s.Error, s.ReportDirectory, EvaluationFolderWords);

    /// <summary>What answers say instead of an evaluation's server-side folder.</summary>
    public const string EvaluationFolderWords = "the evaluation's folder";

    /// <summary><paramref name="text"/> with every mention of the server-side <paramref name="folder"/> replaced by <paramref name="words"/>.</summary>
    public static string? WithoutFolder(string? text, string? folder, string words) =>
        text is null || string.IsNullOrEmpty(folder) ? text : text.Replace(folder, words, StringComparison.Ordinal);

    /// <summary>The same error, of the same kind, with the server-side <paramref name="folder"/> replaced by <paramref name="words"/>: folders are the server's business.</summary>
    public static MtlAttackException WithoutFolder(MtlAttackException error, string folder, string words) =>
        new(WithoutFolder(error.Message, folder, words)!, error.Kind);

    /// <summary>
    /// The caller's request with the CLI's defaults for whatever it left out. Never a report folder: remote callers get
    /// reports over HTTP, and the endpoint alone picks a folder when adversarial examples are to be saved.
    /// </summary>
    public static EvaluationRequest ToRequest(string tenant, StartEvaluationRequest r)
    {
        if (string.IsNullOrWhiteSpace(r.ModelId)) throw new ArgumentException("Name the model to evaluate in 'modelId'.");
        if (string.IsNullOrWhiteSpace(r.Dataset)) throw new ArgumentException("Name the dataset in 'dataset' as a dataset SPEC, e.g. 'synthetic:count=200,size=64,seed=1'.");
        if (r.SaveAdversarial is < 0 or > EvaluationRequest.MaxSaveAdversarial)
            throw new ArgumentException($"saveAdversarial is {r.SaveAdversarial}; ask for 0 (none) to {EvaluationRequest.MaxSaveAdversarial} adversarial examples per cell.");
        var defaults = new EvaluationRequest { Model = ModelKey.Create(tenant, r.ModelId), Dataset = r.Dataset };
        return defaults with
        {
            // Left null, the suite is the default one, which the grains resolve from Core's catalog.
            Algorithms = r.Algorithms,
            Objectives = r.Objectives,
            Epsilons = r.Epsilons,
            Steps = r.Steps,
            Seed = r.Seed ?? defaults.Seed,
            Split = r.Split ?? defaults.Split,
            BatchSize = r.BatchSize ?? defaults.BatchSize,
            MaxSamples = r.MaxSamples ?? defaults.MaxSamples,
            RandomStart = r.RandomStart ?? defaults.RandomStart,
            Restarts = r.Restarts ?? defaults.Restarts,
            SaveAdversarial = r.SaveAdversarial ?? defaults.SaveAdversarial,
            Protocol = r.Protocol,
        };
    }
}
