using MtlAttack.Api.Contracts;

namespace MtlAttack.Client;

public sealed partial class MtlAttackClient
{
    /// <summary>
    /// The adversarial example files a completed evaluation saved (<see cref="StartEvaluationRequest.SaveAdversarial"/>):
    /// a PNG strip and a safetensors file per cell, sorted by name; empty when none were asked for. 409 while the
    /// evaluation is not completed.
    /// </summary>
    public Task<IReadOnlyList<AdversarialFile>> ListAdversarialFilesAsync(string evaluationId, CancellationToken cancellationToken = default) =>
        SendAsync<IReadOnlyList<AdversarialFile>>(HttpMethod.Get, $"v1/evaluations/{Segment(evaluationId)}/adversarial", null, cancellationToken);

    /// <summary>
    /// Copies one listed file (<see cref="AdversarialFile.Name"/>) of a completed evaluation into
    /// <paramref name="destination"/>, streaming it; the stream stays open, the caller disposes it. A name the
    /// listing does not hold is the server's 404.
    /// </summary>
    public async Task DownloadAdversarialFileAsync(string evaluationId, string name, Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        // "." and ".." would survive escaping and be resolved away, asking for another resource than the file.
        if (name is "." or "..") throw new ArgumentException($"'{name}' is not a file name; pass a name from ListAdversarialFilesAsync.", nameof(name));
        using var response = await SendAsync(HttpMethod.Get, $"v1/evaluations/{Segment(evaluationId)}/adversarial/{Segment(name)}", null,
            cancellationToken, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        await response.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads every adversarial example file of a completed evaluation into <paramref name="folder"/> (created when
    /// there are files; files of the same name are replaced), reporting each file once written. Each file goes to a side
    /// file first, so an interrupted download never leaves a truncated file under the real name. Throws
    /// <see cref="InvalidDataException"/>, before anything is written, when the server lists a name that is not a plain
    /// file name (it would write outside the folder). Returns the files written, in the listing's order; empty when the
    /// evaluation saved none.
    /// </summary>
    public async Task<IReadOnlyList<DownloadedFile>> DownloadAdversarialFilesAsync(string evaluationId, string folder,
        IProgress<DownloadedFile>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var files = await ListAdversarialFilesAsync(evaluationId, cancellationToken).ConfigureAwait(false);
        if (files.Count == 0) return [];
        if (files.FirstOrDefault(f => Path.GetFileName(f.Name) != f.Name || f.Name is "" or "." or "..") is { } unsafeName)
            throw new InvalidDataException($"The server listed '{unsafeName.Name}' among evaluation {evaluationId}'s adversarial examples, which is not a plain file name; nothing was downloaded.");

        Directory.CreateDirectory(folder);
        var written = new List<DownloadedFile>(files.Count);
        foreach (var file in files)
        {
            string path = Path.Combine(folder, file.Name);
            string partial = path + ".part";
            try
            {
                await using (var target = File.Create(partial))
                    await DownloadAdversarialFileAsync(evaluationId, file.Name, target, cancellationToken).ConfigureAwait(false);
                File.Move(partial, path, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            var downloaded = new DownloadedFile(file, path, new FileInfo(path).Length);
            written.Add(downloaded);
            progress?.Report(downloaded);
        }
        return written;
    }
}

/// <summary>One file <see cref="MtlAttackClient.DownloadAdversarialFilesAsync"/> wrote: the listing's entry, where it went, and its size on disk.</summary>
public sealed record DownloadedFile(AdversarialFile File, string Path, long Bytes);
