using MtlAttack.Abstractions;
using MtlAttack.Core.Datasets;

namespace MtlAttack.Grains.Datasets;

/// <summary>
/// Where a dataset SPEC's path points on this service. With no roots configured (a single-user node) a SPEC is opened
/// as given. With roots, a relative path is resolved against them (the first root that has it, else the first) and any
/// path that ends outside all of them is refused. The refusal is decided on the text of the path alone, before the file
/// system is asked anything, so its message is the same whether the path exists or not: a tenant cannot probe the
/// server's files.
/// </summary>
public static class DatasetRoots
{
    /// <summary>The SPEC to open and, when its path was resolved, the path as given and as resolved (to put errors back in the caller's words).</summary>
    public sealed record Resolved(string Spec, string? GivenPath = null, string? FullPath = null)
    {
        /// <summary><paramref name="error"/> with the resolved path written as the caller gave it.</summary>
        public MtlAttackException InCallersWords(MtlAttackException error) =>
            FullPath is null || GivenPath is null ? error : new MtlAttackException(error.Message.Replace(FullPath, GivenPath, StringComparison.Ordinal), error.Kind);
    }

    public static Resolved Resolve(string datasetSpec, IReadOnlyList<string> roots)
    {
        var spec = BoundaryErrors.Guard(() => DatasetSpec.Parse(datasetSpec));
        if (spec.Path is null || roots.Count == 0) return new Resolved(datasetSpec);
        var folders = roots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).ToList();
        string full = Path.IsPathRooted(spec.Path)
            ? Path.GetFullPath(spec.Path)
            : folders.Select(root => Path.GetFullPath(spec.Path, root)).FirstOrDefault(p => Inside(p, folders) && (Directory.Exists(p) || File.Exists(p)))
              ?? Path.GetFullPath(spec.Path, folders[0]);
        if (!Inside(full, folders))
            throw new MtlAttackException($"The dataset path '{spec.Path}' is outside the folders this service reads datasets from; "
                + "name a dataset by its path relative to them (e.g. nyuv2:NAME), or a synthetic SPEC.");
        return new Resolved((spec with { Path = full }).ToString(), spec.Path, full);
    }

    private static bool Inside(string full, IReadOnlyList<string> folders) =>
        folders.Any(root => full == root || full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal));
}
