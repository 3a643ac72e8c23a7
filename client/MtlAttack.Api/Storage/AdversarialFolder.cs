using MtlAttack.Api.Contracts;

namespace MtlAttack.Api.Storage;

/// <summary>
/// The adversarial examples an evaluation saved, as the grains wrote them into <c>REPORT_DIR/adversarial/</c>. Only
/// what a listing shows can be served: regular files directly in that folder with the two extensions the export
/// writes, so neither a crafted name, a half-written <c>.tmp</c> file nor a link leads anywhere else.
/// </summary>
public static class AdversarialFolder
{
    // Core's AdversarialExport.DirectoryName; the API stays free of Core and libtorch, so it names it itself.
    public const string DirectoryName = "adversarial";

    private static readonly IReadOnlyDictionary<string, string> MediaTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".png"] = AdversarialMediaTypes.Png,
        [".safetensors"] = AdversarialMediaTypes.SafeTensors,
    };

    /// <summary>The saved files sorted by name; none when the evaluation has no report folder or saved nothing.</summary>
    public static AdversarialFile[] List(string? reportDirectory)
    {
        if (reportDirectory is null) return [];
        var folder = new DirectoryInfo(Path.Combine(reportDirectory, DirectoryName));
        if (!folder.Exists) return [];
        return folder.EnumerateFiles()
            .Where(f => f.LinkTarget is null && MediaTypes.ContainsKey(f.Extension))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f => new AdversarialFile(f.Name, MediaTypes[f.Extension], f.Length))
            .ToArray();
    }

    /// <summary>The listed file called <paramref name="name"/> and its absolute path, or null when the listing has no such name.</summary>
    public static (AdversarialFile File, string Path)? Find(string? reportDirectory, string name)
    {
        var file = List(reportDirectory).FirstOrDefault(f => f.Name == name);
        return file is null ? null : (file, Path.GetFullPath(Path.Combine(reportDirectory!, DirectoryName, file.Name)));
    }
}
