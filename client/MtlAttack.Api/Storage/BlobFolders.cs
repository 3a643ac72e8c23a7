namespace MtlAttack.Api.Storage;

/// <summary>
/// The layout of <see cref="ApiOptions.BlobPath"/>, the folder every silo reads at the same path: uploaded checkpoints
/// under <c>models/TENANT/</c>, the files of evaluations that save adversarial examples under <c>evaluations/TENANT/</c>.
/// </summary>
public static class BlobFolders
{
    /// <summary>Where a tenant's uploads live: one folder per upload beneath it.</summary>
    public static string Models(ApiOptions options, string tenant) => Path.Combine(Root(options), "models", tenant);

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

    private static string Root(ApiOptions options) => Path.GetFullPath(options.BlobPath);
}
