using Microsoft.Extensions.Logging;
using MtlAttack.Api.Uploads;

namespace MtlAttack.Api.Storage;

/// <summary>
/// The layout of <see cref="ApiOptions.BlobPath"/>, the folder every silo reads at the same path: uploaded checkpoints
/// under <c>models/TENANT/</c>, the files of evaluations that save adversarial examples under <c>evaluations/TENANT/</c>.
/// </summary>
public static class BlobFolders
{
    /// <summary>Where a tenant's uploads live: one folder per upload beneath it.</summary>
    public static string Models(ApiOptions options, string tenant) => Path.Combine(AllModels(options), tenant);

    /// <summary>The folder of every tenant's uploads, one folder per tenant beneath it.</summary>
    public static string AllModels(ApiOptions options) => Path.Combine(Root(options), "models");

    /// <summary>Where a tenant's evaluation outputs live: one folder per evaluation beneath it.</summary>
    public static string Evaluations(ApiOptions options, string tenant) => Path.Combine(Root(options), "evaluations", tenant);

    /// <summary>
    /// A folder name no other evaluation has, for the grains to write into. Named before the evaluation exists because
    /// its id is the tenant grain's to choose, and created by the silo that writes it, not here.
    /// </summary>
    public static string NewEvaluation(ApiOptions options, string tenant) => Path.Combine(Evaluations(options, tenant), Guid.NewGuid().ToString("N"));

    /// <summary>Whether <paramref name="path"/> lies strictly beneath <paramref name="folder"/> (both made absolute).</summary>
    public static bool Contains(string folder, string path) =>
        Path.GetFullPath(path).StartsWith(Path.GetFullPath(folder) + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    /// <summary>
    /// Deletes <paramref name="directory"/> with everything in it when it lies beneath <paramref name="folder"/>, one of the
    /// folders above: a directory a grain was given by other means (a checkpoint on a silo's own disk) is left alone.
    /// Best effort, as the grains have already forgotten it by then and the caller's request has succeeded: a folder
    /// that could not be deleted is logged for the operator, not reported to the caller.
    /// </summary>
    public static void DeleteIfBeneath(string folder, string? directory, ILogger logger)
    {
        if (directory is null || !Contains(folder, directory)) return;
        string full = Path.GetFullPath(directory);
        if (!CheckpointUpload.Discard(full))
            logger.LogWarning("Could not delete {Folder}, which nothing refers to any more; delete it by hand to free the space.", full);
    }

    private static string Root(ApiOptions options) => Path.GetFullPath(options.BlobPath);
}
