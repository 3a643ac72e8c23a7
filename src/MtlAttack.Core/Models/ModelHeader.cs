using MtlAttack.Core.Datasets;

namespace MtlAttack.Core.Models;

/// <summary>How a model folder's model.json says the model is stored.</summary>
public enum ModelFormat
{
    /// <summary>A network MtlAttack builds itself: model.json (a <see cref="ModelSpec"/>) and weights.safetensors.</summary>
    Native,

    /// <summary>A user's TorchScript module: model.json (a <see cref="TorchScript.TorchScriptSpec"/>) beside the archive it names.</summary>
    TorchScript,
}

/// <summary>
/// What any model folder declares, read from model.json alone (no weights, no code): enough to choose a dataset,
/// match its tasks and size inputs before anything is loaded.
/// </summary>
/// <param name="Files">The folder's files that make up the model, model.json first.</param>
public sealed record ModelHeader(
    ModelFormat Format,
    IReadOnlyList<TaskHeadSpec> Tasks,
    ImageNormalization Normalization,
    int InputHeight,
    int InputWidth,
    IReadOnlyDictionary<string, string> Provenance,
    IReadOnlyList<string> Files)
{
    public IReadOnlyList<string> TaskNames => Tasks.Select(t => t.Name).ToList();

    public static ModelHeader Of(ModelSpec spec) => new(ModelFormat.Native, spec.Tasks, spec.Normalization, spec.InputHeight, spec.InputWidth,
        spec.Provenance, [MultiTaskNetwork.SpecFileName, MultiTaskNetwork.WeightsFileName]);
}
