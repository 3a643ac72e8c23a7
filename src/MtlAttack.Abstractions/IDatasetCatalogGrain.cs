namespace MtlAttack.Abstractions;

/// <summary>Resolves a dataset SPEC (the grain key) on a silo and describes it: splits, size, tasks.</summary>
public interface IDatasetCatalogGrain : IGrainWithStringKey
{
    Task<DatasetDescription> Describe();
}
