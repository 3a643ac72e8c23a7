using MtlAttack.Core.Datasets;
using MtlAttack.Core.IO;

namespace MtlAttack.Cli.Commands.Shared.ModelAccess;

/// <summary>Opens the dataset a spec names, reporting a wrong path or task selection as something the user must fix.</summary>
public static class DatasetOpener
{
    public static IMultiTaskDataset Open(DatasetSpec spec)
    {
        try
        {
            return DatasetFactory.Open(spec);
        }
        // Corrupt files are not a usage error: the spec is right, the data is not; those stay exit code 1.
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException or ArgumentException && e is not DataFileException)
        {
            throw new UsageException($"--dataset {spec}: {e.Message}", e);
        }
    }
}
