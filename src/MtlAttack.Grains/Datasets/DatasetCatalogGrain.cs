using MtlAttack.Abstractions;
using MtlAttack.Core.Datasets;
using Microsoft.Extensions.Options;
using MtlAttack.Grains.Evaluations;
using Orleans.Concurrency;

namespace MtlAttack.Grains.Datasets;

/// <summary>
/// Resolves a dataset SPEC on the silo that will read it (paths are the silo's) and describes it.
/// Stateless: any silo may answer, several at once.
/// </summary>
[StatelessWorker]
public sealed class DatasetCatalogGrain(IOptions<EvaluationOptions> options) : Grain, IDatasetCatalogGrain
{
    public Task<DatasetDescription> Describe()
    {
        var spec = this.GetPrimaryKeyString();
        // Confined as evaluations are: the same roots, the same words for a path outside them.
        var dataset = DatasetFactory.Open(DatasetRoots.Resolve(spec, options.Value.DatasetRoots).Spec);
        return Task.FromResult(new DatasetDescription(
            spec,
            dataset.Description,
            dataset.Height,
            dataset.Width,
            dataset.Splits.ToDictionary(s => s, dataset.Count),
            dataset.Tasks.Select(t => t.Name).ToList(),
            dataset.Normalization.ChannelOrder,
            dataset.Normalization.Mean.ToList()));
    }
}
