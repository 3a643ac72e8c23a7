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
}
