using MtlAttack.Core.Datasets;
using MtlAttack.Core.Training;

namespace MtlAttack.Cli.Commands.Shared.ModelAccess;

/// <summary>The dataset a model command uses: the one given, or else the one the model's provenance says it was trained on.</summary>
public static class DatasetChoice
{
    public static DatasetSpec For(DatasetSpec? given, IReadOnlyDictionary<string, string> provenance) =>
        given ?? TrainingProvenance.TrainedOn(provenance)
        ?? throw new UsageException($"--dataset is required: the model's model.json does not record the dataset it was trained on (provenance.{TrainingProvenance.DatasetKey}).");
}
