using MtlAttack.Abstractions;
using MtlAttack.Core.Datasets;
using Orleans.Concurrency;

namespace MtlAttack.Grains.Datasets;

/// <summary>
/// Resolves a dataset SPEC on the silo that will read it (paths are the silo's) and describes it.
/// Stateless: any silo may answer, several at once.
/// </summary>
[StatelessWorker]
public sealed class DatasetCatalogGrain : Grain, IDatasetCatalogGrain
{
    public Task<DatasetDescription> Describe()
    {
        var spec = this.GetPrimaryKeyString();
        var dataset = DatasetFactory.Open(spec);
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
