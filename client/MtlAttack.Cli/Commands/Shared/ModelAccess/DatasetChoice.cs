using MtlAttack.Core.Datasets;
using MtlAttack.Core.Models;

namespace MtlAttack.Cli.Commands.Shared.ModelAccess;

/// <summary>The dataset a model command uses: the one given, or else the one the model's provenance says it was trained on.</summary>
public static class DatasetChoice
{
    public const string ProvenanceKey = "dataset";

    public static DatasetSpec For(DatasetSpec? given, IReadOnlyDictionary<string, string> provenance)
    {
        if (given is not null) return given;
        if (provenance.TryGetValue(ProvenanceKey, out var recorded) && DatasetSpec.TryParse(recorded, out var spec, out _))
            return spec!;
        throw new UsageException("--dataset is required: the model's model.json does not record the dataset it was trained on (provenance.dataset).");
    }
}
